"""``python -m bench``: the benchmarks there are (README.md in this folder)."""

print("Benchmarks (--help for options):\n"
      "  python -m bench.provision --students 300                 what `cas provision` costs\n"
      "  python -m bench.sync --students 300 --responses 100      what `cas sync` costs\n"
      "  python -m bench.records --students 300 --changed 10      what the students' records cost")
