//! HTML text (`TimelineJS`'s `Text`) as plain text, with its links.

/// The plain text of an HTML fragment, and the targets of its links.
pub(crate) fn plain(html: &str) -> (String, Vec<String>) {
    let mut text = String::with_capacity(html.len());
    let mut links = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // A lone "<" is text.
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3"
        ) {
            text.push(' ');
        }
        if name == "a"
            && let Some(href) = attribute(tag, "href")
        {
            let href = entities(&href);
            if !href.is_empty() && !links.contains(&href) {
                links.push(href);
            }
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text = entities(&text);
    (text.split_whitespace().collect::<Vec<_>>().join(" "), links)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let (quote, body) = match value.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &value[1..]),
        _ => (None, value),
    };
    let end = match quote {
        Some(q) => body.find(q)?,
        None => body.find(char::is_whitespace).unwrap_or(body.len()),
    };
    Some(body[..end].to_owned())
}

/// Decodes the named entities HTML text commonly has, and numeric ones.
fn entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" | "#39" => '\'',
                "nbsp" => ' ',
                "ndash" => '–',
                "mdash" => '—',
                "hellip" => '…',
                "rsquo" => '’',
                "lsquo" => '‘',
                "ldquo" => '“',
                "rdquo" => '”',
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?)?
                }
                n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?)?,
                _ => return None,
            };
            Some((c, end))
        });
        if let Some((c, end)) = decoded {
            if !c.is_control() {
                out.push(c);
            }
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_go_links_stay_entities_decode() {
        let (text, links) = super::plain(
            "<p>The <b>Tennis Court</b> Oath &amp; more:<br>see <a href=\"https://example.org/oath?a=1&amp;b=2\">this</a> &#8211; 20&nbsp;June</p><a href='x'>x</a> 3 < 4",
        );
        assert_eq!(
            text,
            "The Tennis Court Oath & more: see this – 20 June x 3 < 4"
        );
        assert_eq!(links, ["https://example.org/oath?a=1&b=2", "x"]);
    }
}
