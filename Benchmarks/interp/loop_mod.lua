-- A long while loop: %, integer arithmetic, a branch per iteration.
local N = 45000000

local i = 0
local s = 0
local threes = 0
local h = 0
while i < N do
  local r = i % 7
  s = s + r
  if r == 3 then
    threes = threes + 1
  elseif r > 4 then
    s = s - 1
  end
  h = (h * 31 + r) % 1000003
  i = i + 1
end
print(string.format("%d %d %d", s, threes, h))
