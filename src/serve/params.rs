//! The parameters of `/api/search` → a [`LooseRequest`], with a clear 400 for anything odd.

use super::api::ApiError;
use crate::domain::Status;
use crate::search::{LooseRequest, RequestError, Sort, MAX_QUERY_CHARS};

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Largest `offset` accepted (the report has a few hundred passages).
pub const MAX_OFFSET: usize = 10_000;
/// Most `ministry` or `section` parameters in one request.
pub const MAX_FILTERS: usize = 50;

/// Parses the parameters of `/api/search` into a request. Without `q`, the filters list
/// their passages (all of them without a filter), in report order.
pub fn search_request(raw_query: &str) -> Result<LooseRequest, ApiError> {
    request_with(raw_query, &[]).map(|(req, _)| req)
}

/// Values of the extra parameters a caller asked for, by name, in the order given.
pub type Extras = Vec<(&'static str, String)>;

/// The parameters of `/api/search` and `extra` ones, whose values are returned by name for
/// the caller to parse (`level` for `/api/map`).
pub fn request_with(
    raw_query: &str,
    extra: &[&'static str],
) -> Result<(LooseRequest, Extras), ApiError> {
    let mut req = LooseRequest::query("");
    let mut query: Option<String> = None;
    let mut extras = Vec::new();
    for (key, value) in form_urlencoded::parse(raw_query.as_bytes()) {
        check_length(&key, &value)?;
        if let Some(name) = extra.iter().find(|e| **e == key) {
            extras.push((*name, value.into_owned()));
            continue;
        }
        match &*key {
            "q" if query.is_some() => {
                return Err(ApiError::bad_request(
                    "q is given twice: give one query (words separated by spaces)",
                ))
            }
            "q" => query = Some(value.into_owned()),
            "ministry" | "section" | "year" => add_filter(&mut req, &key, value.into_owned())?,
            "status" => req.status = status(&value)?,
            "limit" => req.limit = number("limit", &value, 1, MAX_LIMIT)?,
            "offset" => req.offset = number("offset", &value, 0, MAX_OFFSET)?,
            "explain" => req.explain = flag("explain", &value)?,
            "related" => req.related = flag("related", &value)?,
            "semantic" => req.semantic = on_off("semantic", &value)?,
            "sort" => req.sort = Some(sort(&value)?),
            "collapse" => req.collapse = collapse(&value)?,
            other => {
                let more: String = extra.iter().map(|e| format!("{e}, ")).collect();
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?}; the parameters are q, ministry, section, \
                     status, year, {more}limit, offset, sort, collapse, related, semantic and explain"
                )));
            }
        }
    }
    req.query = query.unwrap_or_default();
    Ok((req, extras))
}

fn sort(value: &str) -> Result<Sort, ApiError> {
    match value {
        "score" => Ok(Sort::Score),
        "report" => Ok(Sort::Report),
        _ => Err(ApiError::bad_request(format!(
            "sort must be score or report, not {value:?}"
        ))),
    }
}

fn collapse(value: &str) -> Result<bool, ApiError> {
    match value {
        "item" | "" => Ok(true),
        "none" => Ok(false),
        _ => Err(ApiError::bad_request(format!(
            "collapse must be item or none, not {value:?}"
        ))),
    }
}

/// Refuses a value longer than a query may be (the query's own error for `q`).
pub(super) fn check_length(key: &str, value: &str) -> Result<(), ApiError> {
    let len = value.chars().count();
    if len <= MAX_QUERY_CHARS {
        return Ok(());
    }
    Err(if key == "q" {
        crate::Error::from(RequestError::QueryTooLong {
            len,
            max: MAX_QUERY_CHARS,
        })
        .into()
    } else {
        ApiError::bad_request(format!(
            "parameter {key} is too long ({len} characters); the limit is {MAX_QUERY_CHARS}"
        ))
    })
}

/// Adds a `ministry`, `section` or `year` value (an empty one means no filter).
pub(super) fn add_filter(req: &mut LooseRequest, key: &str, value: String) -> Result<(), ApiError> {
    if value.trim().is_empty() {
        return Ok(());
    }
    let list = match key {
        "ministry" => &mut req.ministries,
        "section" => &mut req.sections,
        _ => &mut req.years,
    };
    if list.len() == MAX_FILTERS {
        return Err(ApiError::bad_request(format!(
            "too many {key} parameters; the limit is {MAX_FILTERS}"
        )));
    }
    list.push(value);
    Ok(())
}

pub(super) fn status(value: &str) -> Result<Option<Status>, ApiError> {
    if value.is_empty() || value == "all" {
        return Ok(None);
    }
    Status::parse(value).map(Some).ok_or_else(|| {
        ApiError::bad_request(format!(
            "status must be new (新規), continuing (継続), unmarked (記載なし) or all, not {value:?}"
        ))
    })
}

pub(super) fn flag(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "" | "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(ApiError::bad_request(format!(
            "{name} must be 1 or 0, not {value:?}"
        ))),
    }
}

fn on_off(name: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "on" | "1" | "true" | "" => Ok(true),
        "off" | "0" | "false" => Ok(false),
        _ => Err(ApiError::bad_request(format!(
            "{name} must be on or off, not {value:?}"
        ))),
    }
}

pub(super) fn number(name: &str, value: &str, min: usize, max: usize) -> Result<usize, ApiError> {
    match value.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(format!(
            "{name} must be a whole number from {min} to {max}, not {value:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::DEFAULT_LIMIT;

    fn err(raw: &str) -> String {
        search_request(raw).unwrap_err().message().to_string()
    }

    #[test]
    fn parameters_parse_into_a_request() {
        let r = search_request("q=%E3%83%86%E3%83%AC+1on1&ministry=%E7%B7%8F%E5%8B%99&ministry=&section=II.1&status=new&limit=5&offset=10&sort=report&collapse=none&related=0").unwrap();
        assert_eq!(r.query, "テレ 1on1");
        assert_eq!(r.ministries, vec!["総務"]);
        assert_eq!(r.sections, vec!["II.1"]);
        assert_eq!(r.status, Some(Status::New));
        assert_eq!((r.limit, r.offset), (5, 10));
        assert_eq!(
            (r.sort, r.collapse, r.related),
            (Some(Sort::Report), false, false)
        );
        let d = search_request("q=a&status=all").unwrap();
        assert_eq!((d.status, d.limit, d.offset), (None, DEFAULT_LIMIT, 0));
        assert!(d.collapse && d.related && d.sort.is_none());
        let s = search_request("status=%E6%96%B0%E8%A6%8F").unwrap();
        assert_eq!(s.status, Some(Status::New), "新規");
        assert_eq!(search_request("").unwrap().query, "", "no query: browse");
    }

    #[test]
    fn bad_parameters_say_what_is_wrong() {
        assert_eq!(
            err("q=a&limit=abc"),
            "limit must be a whole number from 1 to 100, not \"abc\""
        );
        assert_eq!(
            err("q=a&limit=0"),
            "limit must be a whole number from 1 to 100, not \"0\""
        );
        assert_eq!(
            err("q=a&offset=-1"),
            "offset must be a whole number from 0 to 10000, not \"-1\""
        );
        assert_eq!(
            err("q=a&status=old"),
            "status must be new (新規), continuing (継続), unmarked (記載なし) or all, not \"old\""
        );
        assert_eq!(
            err("q=a&sort=date"),
            "sort must be score or report, not \"date\""
        );
        assert_eq!(
            err("q=a&collapse=x"),
            "collapse must be item or none, not \"x\""
        );
        assert_eq!(
            err("q=a&related=maybe"),
            "related must be 1 or 0, not \"maybe\""
        );
        assert!(err("q=a&page=2").starts_with("unknown parameter \"page\""));
        assert_eq!(
            err("q=a&q=b"),
            "q is given twice: give one query (words separated by spaces)"
        );
        assert_eq!(
            err(&format!("q={}", "あ".repeat(1001))),
            "the query is too long (1001 characters); the limit is 1000"
        );
    }
}
