//! CSV, JSON and iCalendar export (being written).
