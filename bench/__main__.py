"""``python -m bench``: the benchmarks there are (README.md in this folder)."""

print("Benchmarks:\n  python -m bench.provision --students 300   what `cas provision` costs "
      "(--help for options)")
