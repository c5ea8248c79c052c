import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

# Every site the tests build is cut into shards of at most 3 documents (build_scripts/site/units.py),
# so that the site, search, snapshot and browser tests check a site put together from several
# builds and a search over several merged indexes, as an archive of thousands of documents is.
os.environ.setdefault("ARCHIVE_DOCUMENTS_PER_SHARD", "3")
