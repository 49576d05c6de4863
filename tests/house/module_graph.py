"""The house's picture: which module of each crate uses which, and whether any of them
go round in a circle.

Reads every `.rs` file under `crates/*/src`, takes the module paths it names
(`crate::a::b`, `super::x`, `use` lists and paths written inline), and draws an arrow from
the file's module to each module it names, at two levels: between the crate's top-level
modules, and between the files of one module. A circle is a strongly connected group of
more than one module; there are no exceptions. And an error module depends on nothing
above it: it may name only leaf modules (ones that name no other), such as the core's
`facts`, where the numbers and names its messages quote are defined.

    python tests/house/module_graph.py          # prints the picture; exits 1 on a circle or
                                                # an error module that names a non-leaf
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).parents[2]
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
        print(f"{crate}:")
        for a in sorted(edges):
            print(f"  {'::'.join(a) or '(root)'} -> {', '.join('::'.join(b) for b in sorted(edges[a]))}")
        for group in strongly_connected(edges):
            if len(group) > 1:
                circles += 1
                print(f"  CIRCLE: {' <-> '.join(sorted('::'.join(m) for m in group))}")
        for a, bs in edges.items():
            if a[-1] in ("error", "errors"):
                for b in sorted(b for b in bs if edges.get(b)):
                    circles += 1
                    print(f"  ERROR MODULE ABOVE ITS PLACE: {'::'.join(a)} -> {'::'.join(b)}, which names others")
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
