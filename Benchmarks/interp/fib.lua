-- Naive recursive Fibonacci: function calls, comparisons, integer arithmetic.
local N = 36

local function fib(n)
  if n < 2 then return n else return fib(n - 1) + fib(n - 2) end
end

print(string.format("%d", fib(N)))
