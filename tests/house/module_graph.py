"""The house's picture: which module of each crate uses which, and whether any of them
go round in a circle.

Reads every `.rs` file under `crates/*/src`, takes the module paths it names
(`crate::a::b`, `super::x`, `use` lists and paths written inline), and draws an arrow from
the file's module to each module it names, at two levels: between the crate's top-level
modules, and between the files of one module. A circle is a strongly connected group of
more than one module. Arrows that the layering needs and STYLE.md sanctions — an error
module importing the domain constants its messages quote ("policy lives with its domain,
and the error module imports it") — are listed, and not counted as circles.

    python tests/house/module_graph.py          # prints the picture; exits 1 on a circle
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).parents[2]
# (crate, from, to): why the arrow is needed, and the only items it may name besides
# constants (UPPER_CASE names).
SANCTIONED = {
    ("ucrypto", "error", "aes"): ("the AES messages quote BLOCK_SIZE, KEY_LENGTHS, MODE_* and SEGMENT_*", set()),
    ("ucrypto", "error", "rsa"): ("the key messages quote the key sizes, formats, KDF limits and the "
                                  "padding of a message too long", {"KeyFormat", "KeySize", "Padding"}),
    ("ucrypto", "error", "jwt"): ("the expired-token message quotes EPOCH_2000", set()),
}


def sanctioned(crate: str, a: tuple, b: tuple, names: set) -> bool:
    rule = SANCTIONED.get((crate, "::".join(a), "::".join(b)))
    return rule is not None and all(n.isupper() or n in rule[1] for n in names)


def module_of(src: Path, file: Path) -> list:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("lib", "main", "mod"):
        parts = parts[:-1]
    return parts


def named_paths(text: str) -> list:
    """Every `crate::...` and `super::...` path in the code, with `use` groups expanded."""
    text = re.sub(r"//[^\n]*", "", text)
    paths = []
    for match in re.finditer(r"\b(crate|super)((?:::\w+)*)(::\{([^;]*?)\})?", text):
        if not match.group(2) and match.group(4) is None:
            continue
        base = [match.group(1)] + [p for p in match.group(2).split("::") if p]
        if match.group(4) is None:
            paths.append(base)
            continue
        for item in re.split(r",\s*", match.group(4)):
            item = item.strip()
            if item:
                paths.append(base + re.split(r"::", item.split(" as ")[0].strip("{} ")))
    return paths


def resolve(path: list, here: list) -> list:
    if path[0] == "crate":
        return path[1:]
    up = here[:]
    rest = path
    while rest and rest[0] == "super":
        up = up[:-1]
        rest = rest[1:]
    return up + rest


def main() -> int:
    circles = 0
    for crate_dir in sorted((ROOT / "crates").iterdir()):
        src = crate_dir / "src"
        if not src.is_dir():
            continue
        crate = crate_dir.name
        files = {tuple(module_of(src, f)): f for f in src.rglob("*.rs")}
        modules = set(files)
        edges = defaultdict(set)
        named = defaultdict(set)
        for here, file in files.items():
            text = file.read_text()
            # Tests may reach anywhere; the picture is of the shipped code.
            text = text.split("#[cfg(test)]", 1)[0]
            for path in named_paths(text):
                target = resolve(path, list(here))
                # The longest known module the path starts with.
                for cut in range(len(target), 0, -1):
                    if tuple(target[:cut]) in modules:
                        there = tuple(target[:cut])
                        break
                else:
                    continue
                # Compare at the level where the two first differ (siblings in one module).
                common = 0
                while common < min(len(here), len(there)) and here[common] == there[common]:
                    common += 1
                if common == len(here) or common == len(there):
                    continue  # a module and its own parent or child
                a, b = here[: common + 1], there[: common + 1]
                edges[tuple(a)].add(tuple(b))
                named[(tuple(a), tuple(b))].add(target[-1])
        print(f"{crate}:")
        for a in sorted(edges):
            shown = []
            for b in sorted(edges[a]):
                ok = sanctioned(crate, a, b, named[(a, b)])
                shown.append("::".join(b) + (" (constants)" if ok else ""))
            print(f"  {'::'.join(a) or '(root)'} -> {', '.join(shown)}")
        graph = {a: {b for b in bs if not sanctioned(crate, a, b, named[(a, b)])}
                 for a, bs in edges.items()}
        for group in strongly_connected(graph):
            if len(group) > 1:
                circles += 1
                print(f"  CIRCLE: {' <-> '.join(sorted('::'.join(m) for m in group))}")
    for (crate, a, b), (why, _) in SANCTIONED.items():
        print(f"sanctioned: {crate} {a} -> {b}: {why}")
    print(f"{circles} circles")
    return 1 if circles else 0


def strongly_connected(graph: dict) -> list:
    """Tarjan's algorithm, iterative enough for a few dozen modules."""
    index, low, stack, on, groups = {}, {}, [], set(), []
    nodes = set(graph) | {b for bs in graph.values() for b in bs}

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            groups.append(group)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return groups


if __name__ == "__main__":
    sys.exit(main())
