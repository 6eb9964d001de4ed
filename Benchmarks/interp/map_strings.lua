-- Map with string keys: insert N keys "k<i>", update a third of them, look
-- them all up, probe keys "k<2i>" (half of them missing) and keys "m<i>"
-- (all missing: reading one gives nil). Prints checksums and counts.
local N = 330000

local m = {}
for i = 0, N - 1 do
  m["k" .. tostring(i)] = i % 1000
end
for i = 0, N - 1, 3 do
  local k = "k" .. tostring(i)
  m[k] = m[k] + 1
end

local total = 0
local found = 0
local missing = 0
local nils = 0
for i = 0, N - 1 do
  total = (total + m["k" .. tostring(i)]) % 1000000007
  local k = "k" .. tostring(2 * i)
  if m[k] ~= nil then -- Lua's presence test (has(m, k) in the other versions)
    found = (found + m[k]) % 1000000007
  else
    missing = missing + 1
  end
  if m["m" .. tostring(i)] == nil then
    nils = nils + 1
  end
end
print(string.format("%d %d %d %d", total, found, missing, nils))
