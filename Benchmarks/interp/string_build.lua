-- String building: tostring(i), table.concat(list, sep) and .. concatenation
-- of short strings. Prints the total length of everything built and the last line.
local N = 250000

local total = 0
local lines = {}
local line = ""
for i = 0, N - 1 do
  local parts = {}
  for j = 0, 7 do
    parts[#parts + 1] = tostring(i) .. "-" .. tostring(j)
  end
  line = table.concat(parts, ",")
  total = total + #line

  local s = ""
  for j = 0, 3 do
    s = s .. "ab" .. tostring(j * i)
  end
  total = total + #s

  lines[#lines + 1] = s
  if #lines == 100 then
    total = total + #table.concat(lines, "\n")
    lines = {}
  end
end
print(string.format("%d", total))
print(line)
