#!/usr/bin/env python3
"""panelist on Spark: each partition runs the panelist binary over its share of
the pages and writes a partial; partials are merged, first per partition, then
on the driver, with `panelist merge`. Merging is exact and order-free, so the
report is byte for byte the one `panelist analyze --partial` + `panelist merge`
gives on one machine.

  python3 scale/spark_panelist.py --binary .build/release/panelist --rules rules \\
      --master 'local[2]' --partitions 4 --output merged.json corpus/

The binary and the rules are shipped to the workers with SparkContext.addFile;
the workers need libpcre2-8 (see the README's "Spark" section). Page paths must
be readable on every worker (a shared file system), as with any Spark input.
"""
import argparse, os, subprocess, sys, tempfile

CHUNK = 2000  # pages per binary run, so a command line stays short


def page_files(paths):
    """The pages `panelist analyze` would read: *.txt, sorted per argument, no hidden files."""
    files = []
    for path in paths:
        if os.path.isfile(path):
            files.append(path)
            continue
        found = []
        for root, dirs, names in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if not name.startswith(".") and name.lower().endswith(".txt"):
                    found.append(os.path.join(root, name))
        files += sorted(found)
    seen = set()
    return [f for f in files if not (f in seen or seen.add(f))]


def run(cmd):
    done = subprocess.run(cmd, capture_output=True)
    # Exit 1 means some page had a problem; the partial still covers the rest.
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:3])}... exited {done.returncode}: {done.stderr.decode(errors='replace')[:2000]}")
    return done


def shard(files, binary, rules, jobs):
    """Runs in a Spark task: the partition's pages → one merged partial (bytes)."""
    files = list(files)
    if not files:
        return []
    with tempfile.TemporaryDirectory(prefix="panelist-shard-") as tmp:
        parts = []
        for n in range(0, len(files), CHUNK):
            out = os.path.join(tmp, f"{n}.partial")
            run([binary, "analyze", "--partial", "-j", str(jobs), "--rules", rules, "-o", out] + files[n:n + CHUNK])
            parts.append(out)
        merged = os.path.join(tmp, "shard.partial")
        run([binary, "merge", "--partial", "--rules", rules, "-o", merged] + parts)
        with open(merged, "rb") as f:
            return [f.read()]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="pages or folders of pages")
    ap.add_argument("--binary", required=True, help="the panelist binary (built with --static-swift-stdlib for a cluster)")
    ap.add_argument("--rules", required=True, help="rules directory")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--partitions", type=int, default=0, help="partitions (default: Spark's default parallelism)")
    ap.add_argument("--jobs", type=int, default=1, help="panelist workers per task (default 1: Spark runs one task per core)")
    ap.add_argument("--output", required=True, help="where to write the merged report")
    ap.add_argument("--keep-partial", help="also write the merged partial here")
    args = ap.parse_args(argv)

    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(args.master).appName("panelist")
             .config("spark.ui.enabled", "false").getOrCreate())
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    binary = os.path.abspath(args.binary)
    rules = os.path.abspath(args.rules)
    sc.addPyFile(os.path.abspath(__file__))  # the workers import shard() from here
    sc.addFile(binary)
    sc.addFile(rules, recursive=True)
    binary_name, rules_name = os.path.basename(binary), os.path.basename(rules.rstrip("/"))
    jobs = args.jobs

    def task(files):
        local_binary = SparkFiles.get(binary_name)
        os.chmod(local_binary, 0o755)
        return shard(files, local_binary, SparkFiles.get(rules_name), jobs)

    files = [os.path.abspath(f) for f in page_files(args.paths)]
    slices = args.partitions or sc.defaultParallelism
    partials = sc.parallelize(files, max(1, min(slices, len(files) or 1))).mapPartitions(task).collect()
    spark.stop()

    with tempfile.TemporaryDirectory(prefix="panelist-merge-") as tmp:
        paths = []
        for i, data in enumerate(partials):
            path = os.path.join(tmp, f"{i}.partial")
            with open(path, "wb") as f:
                f.write(data)
            paths.append(path)
        run([binary, "merge", "--rules", rules, "-o", args.output] + paths)
        if args.keep_partial:
            run([binary, "merge", "--partial", "--rules", rules, "-o", args.keep_partial] + paths)
    print(f"panelist on Spark: {len(files)} pages in {len(partials)} partitions -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
