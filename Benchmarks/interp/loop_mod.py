# A long while loop: %, integer arithmetic, a branch per iteration.
N = 45000000


def main():
    i = 0
    s = 0
    threes = 0
    h = 0
    while i < N:
        r = i % 7
        s += r
        if r == 3:
            threes += 1
        elif r > 4:
            s -= 1
        h = (h * 31 + r) % 1000003
        i += 1
    print(s, threes, h)


main()
