# Closures: make an adder closure every iteration and call it, and call
# counters that mutate their captured variable.
N = 7000000


def make_adder(k):
    return lambda x: x + k


def make_counter():
    c = 0

    def count(step):
        nonlocal c
        c += step
        return c

    return count


def main():
    counters = []
    for i in range(10):
        counters.append(make_counter())

    total = 0
    for i in range(N):
        add = make_adder(i % 10)
        count = counters[i % 10]
        total = (total + add(i % 7) + count(1 + i % 3)) % 1000000007

    last = 0
    for c in counters:
        last += c(0)
    print(total, last)


main()
