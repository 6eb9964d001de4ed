-- Closures: make an adder closure every iteration and call it, and call
-- counters that mutate their captured variable.
local N = 7000000

local function make_adder(k)
  return function(x) return x + k end
end

local function make_counter()
  local c = 0
  return function(step)
    c = c + step
    return c
  end
end

local counters = {}
for i = 0, 9 do
  counters[#counters + 1] = make_counter()
end

local total = 0
for i = 0, N - 1 do
  local add = make_adder(i % 10)
  local count = counters[i % 10 + 1]
  total = (total + add(i % 7) + count(1 + i % 3)) % 1000000007
end

local last = 0
for _, c in ipairs(counters) do
  last = last + c(0)
end
print(string.format("%d %d", total, last))
