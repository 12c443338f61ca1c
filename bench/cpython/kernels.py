# Small interpreter workloads in the spirit of pyperformance: numeric loops,
# permutations, objects and method calls, dicts and strings, json, regular
# expressions and generators. Prints a checksum so a broken build shows.
import json, re, sys

def nbody(steps):
    bodies = [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 39.47], [4.84, -1.16, -0.10, 0.60, 2.81, -0.02, 0.037],
              [8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011], [12.89, -15.11, -0.22, 1.08, 0.86, -0.01, 0.0017],
              [15.37, -25.91, 0.17, 0.97, 0.59, -0.03, 0.002]]
    pairs = [(bodies[i], bodies[j]) for i in range(5) for j in range(i + 1, 5)]
    for _ in range(steps):
        for b1, b2 in pairs:
            dx, dy, dz = b1[0] - b2[0], b1[1] - b2[1], b1[2] - b2[2]
            mag = 0.01 * (dx * dx + dy * dy + dz * dz) ** -1.5
            b1[3] -= dx * b2[6] * mag; b1[4] -= dy * b2[6] * mag; b1[5] -= dz * b2[6] * mag
            b2[3] += dx * b1[6] * mag; b2[4] += dy * b1[6] * mag; b2[5] += dz * b1[6] * mag
        for b in bodies:
            b[0] += 0.01 * b[3]; b[1] += 0.01 * b[4]; b[2] += 0.01 * b[5]
    return round(sum(b[0] for b in bodies), 6)

def fannkuch(n):
    perm1 = list(range(n)); count = [0] * n; max_flips = 0; checksum = 0; r = n; sign = 1
    while True:
        while r != 1:
            count[r - 1] = r; r -= 1
        perm = perm1[:]; flips = 0; k = perm[0]
        while k:
            perm[:k + 1] = perm[k::-1]; flips += 1; k = perm[0]
        max_flips = max(max_flips, flips); checksum += sign * flips; sign = -sign
        while True:
            if r == n:
                return checksum, max_flips
            p0 = perm1[0]
            perm1[:r] = perm1[1:r + 1]; perm1[r] = p0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1

class Task:
    def __init__(self, ident, work): self.ident, self.work, self.done = ident, work, 0
    def step(self): self.done += self.work; return self.done
class Idle(Task):
    def step(self): self.done += 1; return self.done

def objects(rounds):
    tasks = [Task(i, i % 7 + 1) if i % 3 else Idle(i, 0) for i in range(200)]
    total = 0
    for _ in range(rounds):
        for task in tasks:
            total += task.step()
    return total

def strings_and_dicts(n):
    counts = {}
    for i in range(n):
        word = 'w%05d' % ((i * 7919) % 10007)
        counts[word] = counts.get(word, 0) + 1
    text = ' '.join(sorted(counts))
    return len(text.split()), sum(counts.values())

def json_round(n):
    doc = [{'id': i, 'name': 'item%d' % i, 'tags': [i, i * 2, 'x'], 'nested': {'a': i % 7, 'b': 'y' * (i % 5)}} for i in range(n)]
    return len(json.loads(json.dumps(doc)))

def regex(n):
    text = ' '.join('user%d@example%d.com id=%d' % (i, i % 13, i) for i in range(n))
    return len(re.findall(r'\b\w+@\w+\.com\b', text)) + sum(int(m) for m in re.findall(r'id=(\d+)', text)) % 1000

def generators(n):
    return sum(x * x for x in range(n) if x % 3) + sum(len(s) for s in (str(i) for i in range(n // 4)))

scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
print(nbody(20000 * scale), fannkuch(8), objects(300 * scale), strings_and_dicts(60000 * scale),
      json_round(6000 * scale), regex(8000 * scale), generators(300000 * scale))
