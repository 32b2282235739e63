//! Strong and Hevy CSV import (being written).
