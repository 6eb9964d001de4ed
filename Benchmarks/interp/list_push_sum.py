# Push N numbers onto a list, then sum them with a while loop over indices,
# with a for loop over the elements, and with sum(xs).
N = 14000000


def main():
    xs = []
    for i in range(N):
        xs.append(i % 100)

    s1 = 0
    i = 0
    n = len(xs)
    while i < n:
        s1 += xs[i]
        i += 1

    s2 = 0
    for x in xs:
        s2 += x

    print(len(xs), s1, s2, sum(xs))


main()
