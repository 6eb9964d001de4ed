# String building: str(i), sep.join(list) and + concatenation of short
# strings. Prints the total length of everything built and the last line.
N = 250000


def main():
    total = 0
    lines = []
    line = ""
    for i in range(N):
        parts = []
        for j in range(8):
            parts.append(str(i) + "-" + str(j))
        line = ",".join(parts)
        total += len(line)

        s = ""
        for j in range(4):
            s = s + "ab" + str(j * i)
        total += len(s)

        lines.append(s)
        if len(lines) == 100:
            total += len("\n".join(lines))
            lines = []
    print(total)
    print(line)


main()
