-- Push N numbers onto a list, then sum them with a while loop over indices,
-- with a for loop over the elements, and with sum(xs) (a Lua function here;
-- a native in the other two languages).
local N = 14000000

local function sum(xs)
  local s = 0
  for k = 1, #xs do
    s = s + xs[k]
  end
  return s
end

local xs = {}
for i = 0, N - 1 do
  xs[#xs + 1] = i % 100
end

local s1 = 0
local i = 0
local n = #xs
while i < n do
  s1 = s1 + xs[i + 1]
  i = i + 1
end

local s2 = 0
for _, x in ipairs(xs) do
  s2 = s2 + x
end

print(string.format("%d %d %d %d", #xs, s1, s2, sum(xs)))
