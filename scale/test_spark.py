#!/usr/bin/env python3
"""The Spark job in local[2] mode gives the same bytes as one machine.

  python3 scale/test_spark.py [BINARY]     (default .build/debug/panelist)

Skips, saying so, when pyspark is not installed (`make spark-test` installs it
into .venv-spark and runs this).
"""
import os, subprocess, sys, tempfile, unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BINARY = os.path.join(ROOT, sys.argv[1] if len(sys.argv) > 1 else ".build/debug/panelist")
sys.path.insert(0, HERE)

try:
    import pyspark  # noqa: F401
    HAVE_SPARK = True
except ImportError:
    HAVE_SPARK = False


@unittest.skipUnless(HAVE_SPARK, "pyspark is not installed: 'make spark-test' installs it into .venv-spark and runs this")
class SparkTest(unittest.TestCase):
    def test_local2_equals_single_machine(self):
        import spark_panelist
        inputs = [os.path.join(ROOT, d) for d in ("corpus", "../shared/corpus-dev", "Tests/Fixtures/pages")]
        inputs = [d for d in inputs if os.path.isdir(d)]
        rules = os.path.join(ROOT, "rules")
        with tempfile.TemporaryDirectory() as tmp:
            spark_out = os.path.join(tmp, "spark.json")
            spark_panelist.main(["--binary", BINARY, "--rules", rules, "--master", "local[2]", "--partitions", "3",
                                 "--output", spark_out, "--keep-partial", os.path.join(tmp, "spark.partial")] + inputs)
            whole = os.path.join(tmp, "whole.partial")
            files = [os.path.abspath(f) for f in spark_panelist.page_files(inputs)]
            done = subprocess.run([BINARY, "analyze", "--partial", "--rules", rules, "-o", whole] + files, capture_output=True)
            self.assertIn(done.returncode, (0, 1), done.stderr)
            single = os.path.join(tmp, "single.json")
            subprocess.run([BINARY, "merge", "--rules", rules, "-o", single, whole], check=True)
            with open(spark_out, "rb") as a, open(single, "rb") as b:
                self.assertEqual(a.read(), b.read())
            with open(os.path.join(tmp, "spark.partial"), "rb") as a, open(whole, "rb") as b:
                self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    if not HAVE_SPARK:
        print("pyspark is not installed: skipping the Spark test ('make spark-test' installs it into .venv-spark and runs it)")
    unittest.main(argv=sys.argv[:1], verbosity=2)
