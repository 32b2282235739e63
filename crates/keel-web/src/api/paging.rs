//! Pagination of lists: `?page=` (1-based) and `?per_page=`, answered with
//! the items, the total, and the URL of the next page (null on the last).

use serde::Serialize;

use super::error::ApiError;

/// Items per page when the client does not say.
pub const DEFAULT_PER_PAGE: u32 = 50;
/// The most items one page may hold (bounds the work a request can ask for).
pub const MAX_PER_PAGE: u32 = 500;

#[derive(Debug, Clone, Copy)]
pub struct PageQuery {
    page: u32,
    per_page: u32,
}

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: usize,
    pub pages: usize,
    /// The next page's URL, or null on the last page.
    pub next: Option<String>,
}

impl PageQuery {
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Result<PageQuery, ApiError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(ApiError::invalid("page", "page starts at 1, got 0"));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::invalid(
                "per_page",
                format!("per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}"),
            ));
        }
        Ok(PageQuery { page, per_page })
    }

    /// This page of `all`; `base` is the list's URL ending in `?` or `&`.
    pub fn page<T>(self, all: Vec<T>, base: &str) -> Page<T> {
        let per = self.per_page as usize;
        let total = all.len();
        let pages = total.div_ceil(per);
        let skip = (self.page as usize - 1).saturating_mul(per);
        let items: Vec<T> = all.into_iter().skip(skip).take(per).collect();
        let next = ((self.page as usize) < pages)
            .then(|| format!("{base}page={}&per_page={}", self.page + 1, self.per_page));
        Page {
            items,
            page: self.page,
            per_page: self.per_page,
            total,
            pages,
            next,
        }
    }
}

impl<T> Page<T> {
    /// The same page with each item turned into another (work done only
    /// for the items shown).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
            pages: self.pages,
            next: self.next,
        }
    }
}
