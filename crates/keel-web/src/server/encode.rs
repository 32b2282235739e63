//! Text in a link: a query value, or one segment of a path.

/// `text` as a URL query value (a path: its slashes stay).
pub fn query_value(text: &str) -> String {
    encode_but(text, b"-._~/")
}

/// An account name (or any text) as one segment of a link's path: a "/",
/// "?", "#" or "%" in it is encoded, so the link reaches the route's
/// `{name}` whole.
pub fn path_segment(text: &str) -> String {
    encode_but(text, b"-._~")
}

/// `text` percent-encoded, but for ASCII letters, digits and `keep`.
fn encode_but(text: &str, keep: &[u8]) -> String {
    use std::fmt::Write as _;
    text.bytes().fold(String::new(), |mut out, b| {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_percent_encoded() {
        assert_eq!(query_value("/plan?week=2&x"), "/plan%3Fweek%3D2%26x");
    }

    #[test]
    fn a_name_in_a_link_is_one_path_segment() {
        assert_eq!(path_segment("ann/lee"), "ann%2Flee");
        assert_eq!(path_segment("a b?c#d%e"), "a%20b%3Fc%23d%25e");
        assert_eq!(path_segment("Zoë"), "Zo%C3%AB");
        assert_eq!(path_segment("plain-name_1.x~"), "plain-name_1.x~");
    }
}
