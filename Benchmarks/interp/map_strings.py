# Map with string keys: insert N keys "k<i>", update a third of them, look
# them all up, probe keys "k<2i>" (half of them missing) and keys "m<i>"
# (all missing: reading one gives None). Prints checksums and counts.
N = 330000


def main():
    m = {}
    for i in range(N):
        m["k" + str(i)] = i % 1000
    for i in range(0, N, 3):
        m["k" + str(i)] += 1

    total = 0
    found = 0
    missing = 0
    nils = 0
    for i in range(N):
        total = (total + m["k" + str(i)]) % 1000000007
        k = "k" + str(2 * i)
        if k in m:
            found = (found + m[k]) % 1000000007
        else:
            missing += 1
        if m.get("m" + str(i)) is None:
            nils += 1
    print(total, found, missing, nils)


main()
