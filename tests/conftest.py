import sys
from pathlib import Path

# The sample builders live beside the tests.
sys.path.insert(0, str(Path(__file__).parent))
