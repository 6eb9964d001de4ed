-- The Computer Language Benchmarks Game spectral norm, with plain tables.
-- Prints round(norm * 1e9).
local N = 700

local sqrt = math.sqrt

-- Round to the nearest integer (the values printed here are never ties).
local function round(x)
  return math.floor(x + 0.5)
end

-- Entry (i, j) of the infinite matrix A (0-based).
local function eval_a(i, j)
  return 1 / ((i + j) * (i + j + 1) / 2 + i + 1)
end

-- out = A * u
local function mul_av(n, u, out)
  for i = 0, n - 1 do
    local s = 0
    for j = 0, n - 1 do
      s = s + eval_a(i, j) * u[j + 1]
    end
    out[i + 1] = s
  end
end

-- out = A^T * u
local function mul_atv(n, u, out)
  for i = 0, n - 1 do
    local s = 0
    for j = 0, n - 1 do
      s = s + eval_a(j, i) * u[j + 1]
    end
    out[i + 1] = s
  end
end

-- out = A^T * A * u, using tmp as scratch
local function mul_atav(n, u, out, tmp)
  mul_av(n, u, tmp)
  mul_atv(n, tmp, out)
end

local u = {}
local v = {}
local tmp = {}
for i = 0, N - 1 do
  u[#u + 1] = 1
  v[#v + 1] = 0
  tmp[#tmp + 1] = 0
end
for k = 0, 9 do
  mul_atav(N, u, v, tmp)
  mul_atav(N, v, u, tmp)
end
local vbv = 0
local vv = 0
for i = 1, N do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("%d", round(sqrt(vbv / vv) * 1000000000)))
