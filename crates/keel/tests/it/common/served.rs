//! `keel serve` as a child process on a test's database, with its "today"
//! pinned by `--date`, and a plain HTTP/1.1 client for its pages and API.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use super::Env;

/// The server as a child process, killed when dropped.
pub struct Served {
    child: Child,
    pub addr: String,
    /// Kept open: the server prints more lines, and a closed pipe would end it.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the server answered.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// The head: status line and headers, as sent.
    pub head: String,
    pub body: String,
}

impl Reply {
    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.head, self.body))
    }
}

/// `keel serve` on `env`'s database, its today being `date` (YYYY-MM-DD).
pub fn serve_on(env: &Env, date: &str) -> Served {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("keel"))
        .env_remove("KEEL_DB")
        .env_remove("KEEL_TODAY")
        .env_remove("KEEL_ALLOWED_HOSTS")
        .args(["--date", date, "--db"])
        .arg(env.db())
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("keel serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut stdout = BufReader::new(stdout);
    let mut first = String::new();
    stdout
        .read_line(&mut first)
        .expect("the server's first line");
    let addr = first
        .trim()
        .strip_prefix("Keel is running at http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    Served {
        child,
        addr,
        _stdout: stdout,
    }
}

impl Served {
    /// One exchange; `content_type` and `extra` (header lines) as given.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        extra: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let addr = &self.addr;
        let mut stream = TcpStream::connect(addr).expect("connects");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Connection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in extra {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).expect("sends");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("reads");
        let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        Reply {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// A form post of `pairs` (a browser's `application/x-www-form-urlencoded`).
    pub fn form(&self, path: &str, pairs: &[(&str, String)]) -> Reply {
        let body = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            "POST",
            path,
            "application/x-www-form-urlencoded",
            &[],
            &body,
        )
    }

    /// A JSON request to the API.
    pub fn json(&self, method: &str, path: &str, body: &serde_json::Value) -> Reply {
        self.send(method, path, "application/json", &[], &body.to_string())
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send("GET", path, "text/plain", &[], "")
    }
}

/// Percent-encoding for a form value: everything but unreserved bytes.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// What a browser would send for the form posting to `action` on `page`
/// if nothing were changed: each named input's value (a checkbox or radio
/// only when checked), each select's selected option.
pub fn form_defaults(page: &str, action: &str) -> Vec<(String, String)> {
    let start = page
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form posting to {action}: {page}"));
    let form = &page[start..];
    let form = &form[..form.find("</form>").unwrap_or(form.len())];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if let Some(input) = tag.strip_prefix("<input") {
            let kind = attribute(input, "type").unwrap_or_default();
            let checkable = kind == "checkbox" || kind == "radio";
            if let Some(name) = attribute(input, "name")
                && (!checkable || has_flag(input, "checked"))
            {
                let value = attribute(input, "value").unwrap_or_else(|| {
                    if checkable {
                        "on".into()
                    } else {
                        String::new()
                    }
                });
                fields.push((name, value));
            }
        } else if let Some(select) = tag.strip_prefix("<select") {
            let name = attribute(select, "name").unwrap_or_default();
            let close = rest.find("</select>").unwrap_or(rest.len());
            let options = &rest[..close];
            let selected = options
                .split("<option")
                .skip(1)
                .find(|o| has_flag(&o[..o.find('>').unwrap_or(o.len())], "selected"))
                .or_else(|| options.split("<option").nth(1));
            if let Some(option) = selected {
                let head = &option[..option.find('>').unwrap_or(option.len())];
                fields.push((name, attribute(head, "value").unwrap_or_default()));
            }
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    fields
}

/// The value of `name="..."` in a tag's attributes, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    let value = &tag[from..from + tag[from..].find('"')?];
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// Whether a boolean attribute (`checked`, `selected`) is set.
fn has_flag(tag: &str, flag: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '/')
        .any(|word| word == flag || word.starts_with(&format!("{flag}=")))
}
