-- Object-like dispatch: "objects" are tables holding fields and functions
-- (area, grow) that take the object as their first argument: o.area(o).
local N = 12000000

local function rect_area(o) return o.w * o.h end
local function rect_grow(o, k)
  o.w = o.w % 50 + k
  o.h = o.h % 40 + k
end

local function square_area(o) return o.s * o.s end
local function square_grow(o, k)
  o.s = o.s % 60 + k
end

local function tri_area(o) return math.floor(o.b * o.h / 2) end
local function tri_grow(o, k)
  o.b = o.b % 30 + k
  o.h = o.h % 70 + k
end

local function make_rect(w, h)
  return {kind = "rect", w = w, h = h, area = rect_area, grow = rect_grow}
end
local function make_square(s)
  return {kind = "square", s = s, area = square_area, grow = square_grow}
end
local function make_tri(b, h)
  return {kind = "tri", b = b, h = h, area = tri_area, grow = tri_grow}
end

local shapes = {}
for i = 0, 30 do
  local r = i % 3
  if r == 0 then
    shapes[#shapes + 1] = make_rect(i + 1, i + 2)
  elseif r == 1 then
    shapes[#shapes + 1] = make_square(i + 3)
  else
    shapes[#shapes + 1] = make_tri(i + 4, i + 5)
  end
end

local total = 0
local rects = 0
local n = #shapes
for i = 0, N - 1 do
  local o = shapes[i % n + 1]
  total = (total + o.area(o)) % 1000000007
  if o.kind == "rect" then
    rects = rects + 1
  end
  if i % 5 == 0 then
    o.grow(o, 1 + i % 3)
  end
end
print(string.format("%d %d", total, rects))
