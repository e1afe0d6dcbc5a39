//! The route table of the REST gateway, read from the contract's own descriptors: every
//! method's `google.api.http` rule (and its `additional_bindings`) becomes a route. Path
//! templates follow `google/api/http.proto`: literal segments, variables `{field.path}` (or
//! `{field.path=*}`) of one segment each, and an optional custom verb (`:approve`).

use http::Method;
use prost_reflect::{
    DescriptorPool, DynamicMessage, FieldDescriptor, Kind, MessageDescriptor, MethodDescriptor,
    Value,
};

/// Where the request body goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyBinding {
    /// No body: the fields not in the path come from the query string.
    None,
    /// `body: "*"`: every field not in the path.
    Whole,
    /// `body: "<field>"`: that top-level field; the others from the path and query string.
    Field(FieldDescriptor),
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Variable(Vec<FieldDescriptor>),
}

/// One HTTP binding of one RPC.
#[derive(Debug, Clone)]
pub struct Route {
    pub http_method: Method,
    /// The template as written in the contract (`/v1/inquiries/{id}:approve`).
    pub template: String,
    pub rpc: MethodDescriptor,
    pub body: BodyBinding,
    /// `response_body`: the answer is this field of the response, not the whole message.
    pub response_body: Option<FieldDescriptor>,
    segments: Vec<Segment>,
    verb: Option<String>,
}

/// A path variable's field path and its (percent-decoded) value.
pub type Binding = (Vec<FieldDescriptor>, String);

/// What a request's method and path lead to.
#[derive(Debug)]
pub enum Lookup<'a> {
    Found(&'a Route, Vec<Binding>),
    /// The path has routes, but not for this method: these are allowed.
    MethodNotAllowed(Vec<Method>),
    NotFound,
}

/// Every route of the contract.
#[derive(Debug, Clone)]
pub struct RouteTable {
    routes: Vec<Route>,
}

const HTTP_RULE: &str = "google.api.http";

impl RouteTable {
    /// Reads the rules of every service in `pool` that has any. A rule the gateway cannot
    /// serve is an error here, at startup, not a surprise at request time.
    pub fn from_pool(pool: &DescriptorPool) -> Result<Self, String> {
        let Some(extension) = pool.get_extension_by_name(HTTP_RULE) else {
            return Ok(RouteTable { routes: Vec::new() });
        };
        let mut routes = Vec::new();
        for service in pool.services() {
            for rpc in service.methods() {
                let options = rpc.options();
                if !options.has_extension(&extension) {
                    continue;
                }
                let Value::Message(rule) = options.get_extension(&extension).into_owned() else {
                    return Err(format!("{}: malformed {HTTP_RULE}", rpc.full_name()));
                };
                add_rule(&mut routes, &rpc, &rule, true)?;
            }
        }
        // Custom verbs first: `/v1/inquiries/x:export` is the verb's, never `{id}` = "x:export".
        routes.sort_by_key(|route| route.verb.is_none());
        Ok(RouteTable { routes })
    }

    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The route for `method` and the raw (still percent-encoded) `path`.
    pub fn find(&self, method: &Method, path: &str) -> Lookup<'_> {
        let mut allowed = Vec::new();
        for route in &self.routes {
            let Some(bindings) = route.matches(path) else {
                continue;
            };
            if route.http_method == *method {
                return Lookup::Found(route, bindings);
            }
            if !allowed.contains(&route.http_method) {
                allowed.push(route.http_method.clone());
            }
        }
        if allowed.is_empty() {
            Lookup::NotFound
        } else {
            Lookup::MethodNotAllowed(allowed)
        }
    }
}

fn text(message: &DynamicMessage, field: &str) -> String {
    message
        .get_field_by_name(field)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Adds the routes of one `HttpRule` (and, at the top level, of its additional bindings).
fn add_rule(
    routes: &mut Vec<Route>,
    rpc: &MethodDescriptor,
    rule: &DynamicMessage,
    top: bool,
) -> Result<(), String> {
    let context = |e: String| format!("{}: {e}", rpc.full_name());
    let (http_method, template) = pattern(rule).map_err(context)?;
    let input = rpc.input();
    let body = match text(rule, "body").as_str() {
        "" => BodyBinding::None,
        "*" => BodyBinding::Whole,
        name => BodyBinding::Field(
            input
                .get_field_by_name(name)
                .ok_or_else(|| context(format!("body names no field {name:?}")))?,
        ),
    };
    let response_body = match text(rule, "response_body").as_str() {
        "" => None,
        name => Some(
            rpc.output()
                .get_field_by_name(name)
                .ok_or_else(|| context(format!("response_body names no field {name:?}")))?,
        ),
    };
    let (segments, verb) = parse_template(&template, &input).map_err(context)?;
    routes.push(Route {
        http_method,
        template,
        rpc: rpc.clone(),
        body,
        response_body,
        segments,
        verb,
    });
    if let Some(Value::List(more)) = rule
        .get_field_by_name("additional_bindings")
        .map(|v| v.into_owned())
    {
        if !top && !more.is_empty() {
            return Err(context("additional_bindings may not nest".into()));
        }
        for binding in more {
            if let Value::Message(binding) = binding {
                add_rule(routes, rpc, &binding, false)?;
            }
        }
    }
    Ok(())
}

/// The rule's method and path template.
fn pattern(rule: &DynamicMessage) -> Result<(Method, String), String> {
    for (field, method) in [
        ("get", Method::GET),
        ("put", Method::PUT),
        ("post", Method::POST),
        ("delete", Method::DELETE),
        ("patch", Method::PATCH),
    ] {
        if rule.has_field_by_name(field) {
            return Ok((method, text(rule, field)));
        }
    }
    if let Some(Value::Message(custom)) = rule.get_field_by_name("custom").map(|v| v.into_owned()) {
        let method = Method::from_bytes(text(&custom, "kind").as_bytes())
            .map_err(|e| format!("custom method: {e}"))?;
        return Ok((method, text(&custom, "path")));
    }
    Err("the rule has no pattern".into())
}

/// Splits a template into segments and its custom verb, resolving variables to fields.
fn parse_template(
    template: &str,
    input: &MessageDescriptor,
) -> Result<(Vec<Segment>, Option<String>), String> {
    let Some(path) = template.strip_prefix('/') else {
        return Err(format!("template {template:?} does not start with /"));
    };
    let (path, verb) = split_verb(path);
    let segments = path
        .split('/')
        .map(|segment| parse_segment(segment, input))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("template {template:?}: {e}"))?;
    Ok((segments, verb.map(str::to_owned)))
}

/// `a/b:verb` → (`a/b`, `verb`): a colon after the last `/` and `}` starts the verb.
fn split_verb(path: &str) -> (&str, Option<&str>) {
    match path.rfind(':') {
        Some(at) if !path[at..].contains(['/', '}']) => (&path[..at], Some(&path[at + 1..])),
        _ => (path, None),
    }
}

fn parse_segment(segment: &str, input: &MessageDescriptor) -> Result<Segment, String> {
    let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
        if segment.is_empty() || segment.contains(['{', '}', '*']) {
            return Err(format!("unsupported segment {segment:?}"));
        }
        return Ok(Segment::Literal(segment.to_owned()));
    };
    let name = match inner.split_once('=') {
        None => inner,
        Some((name, "*")) => name,
        Some(_) => return Err(format!("unsupported variable pattern {segment:?}")),
    };
    Ok(Segment::Variable(field_path(input, name)?))
}

/// `inquiry.id` → the fields to walk, each singular, ending at a scalar.
fn field_path(input: &MessageDescriptor, path: &str) -> Result<Vec<FieldDescriptor>, String> {
    let mut message = input.clone();
    let mut fields = Vec::new();
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let field = message
            .get_field_by_name(part)
            .ok_or_else(|| format!("{} has no field {part:?}", message.full_name()))?;
        if field.is_list() || field.is_map() {
            return Err(format!("path variable {path:?} is repeated"));
        }
        match (field.kind(), i + 1 == parts.len()) {
            (Kind::Message(next), false) => message = next,
            (Kind::Message(_), true) => return Err(format!("{path:?} is a message")),
            (_, false) => return Err(format!("{part:?} in {path:?} is not a message")),
            (_, true) => {}
        }
        fields.push(field);
    }
    Ok(fields)
}

impl Route {
    /// The path variables' values when `path` is this route's.
    fn matches(&self, path: &str) -> Option<Vec<Binding>> {
        let path = path.strip_prefix('/')?;
        let path = match &self.verb {
            Some(verb) => path.strip_suffix(verb.as_str())?.strip_suffix(':')?,
            // A colon in the last segment asks for a verb, and this route has none.
            None if path
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains(':')) =>
            {
                return None
            }
            None => path,
        };
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut bindings = Vec::new();
        for (part, segment) in parts.iter().zip(&self.segments) {
            match segment {
                Segment::Literal(literal) if literal == part => {}
                Segment::Literal(_) => return None,
                Segment::Variable(fields) => {
                    let value = percent_encoding::percent_decode_str(part).decode_utf8_lossy();
                    bindings.push((fields.clone(), value.into_owned()));
                }
            }
        }
        Some(bindings)
    }

    /// The field paths the path binds.
    pub fn bound_paths(&self) -> impl Iterator<Item = Vec<FieldDescriptor>> + '_ {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Variable(fields) => Some(fields.clone()),
            Segment::Literal(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable {
        RouteTable::from_pool(crate::contract::json::pool().unwrap()).unwrap()
    }

    fn found(table: &RouteTable, method: Method, path: &str) -> (String, Vec<(String, String)>) {
        match table.find(&method, path) {
            Lookup::Found(route, bindings) => (
                route.rpc.full_name().to_owned(),
                bindings
                    .into_iter()
                    .map(|(fields, value)| {
                        let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                        (names.join("."), value)
                    })
                    .collect(),
            ),
            other => panic!("{method} {path}: {other:?}"),
        }
    }

    #[test]
    fn every_rpc_of_the_contract_has_a_route() {
        let table = table();
        let pool = crate::contract::json::pool().unwrap();
        for service in pool.services() {
            for method in service.methods() {
                assert!(
                    table
                        .routes()
                        .iter()
                        .any(|r| r.rpc.full_name() == method.full_name()),
                    "{} has no route",
                    method.full_name()
                );
            }
        }
    }

    #[test]
    fn templates_match_with_verbs_nested_fields_and_additional_bindings() {
        let table = table();
        assert_eq!(
            found(&table, Method::POST, "/v1/inquiries/inq_1:approve"),
            (
                "verilink.v1.InquiryService.ApproveInquiry".into(),
                vec![("id".into(), "inq_1".into())]
            )
        );
        assert_eq!(
            found(&table, Method::GET, "/v1/inquiries/inq_1:export").0,
            "verilink.v1.InquiryService.ExportInquiry"
        );
        assert_eq!(
            found(&table, Method::GET, "/v1/inquiries/inq_1").0,
            "verilink.v1.InquiryService.GetInquiry"
        );
        assert_eq!(
            found(&table, Method::PATCH, "/v1/inquiries/inq_%31"),
            (
                "verilink.v1.InquiryService.UpdateInquiry".into(),
                vec![("inquiry.id".into(), "inq_1".into())]
            )
        );
        assert_eq!(
            found(&table, Method::GET, "/v1/inquiries/inq_1/webhookDeliveries"),
            (
                "verilink.v1.WebhookService.ListWebhookDeliveries".into(),
                vec![("inquiry_id".into(), "inq_1".into())]
            )
        );
        assert_eq!(
            found(&table, Method::GET, "/v1/webhooks/wbh_1/deliveries").0,
            "verilink.v1.WebhookService.ListWebhookDeliveries"
        );
        assert_eq!(
            found(&table, Method::GET, "/v1/sessions:current").0,
            "verilink.v1.SessionService.GetCurrentSession"
        );
    }

    #[test]
    fn wrong_methods_and_unknown_paths_are_told_apart() {
        let table = table();
        match table.find(&Method::DELETE, "/v1/inquiries/inq_1") {
            Lookup::MethodNotAllowed(allowed) => {
                assert!(allowed.contains(&Method::GET) && allowed.contains(&Method::PATCH));
            }
            other => panic!("{other:?}"),
        }
        for path in [
            "/v1/nothing",
            "/v1/inquiries/inq_1:frobnicate",
            "/v1/inquiries/inq_1/extra/deep",
            "/v2/inquiries",
            "v1/inquiries",
        ] {
            assert!(
                matches!(table.find(&Method::GET, path), Lookup::NotFound)
                    || matches!(table.find(&Method::POST, path), Lookup::NotFound),
                "{path}"
            );
        }
        assert!(matches!(
            table.find(&Method::POST, "/v1/inquiries/inq_1:frobnicate"),
            Lookup::NotFound
        ));
    }

    #[test]
    fn verbs_split_only_after_the_last_segment() {
        assert_eq!(split_verb("v1/a/{id}:go"), ("v1/a/{id}", Some("go")));
        assert_eq!(
            split_verb("v1/sessions:current"),
            ("v1/sessions", Some("current"))
        );
        assert_eq!(split_verb("v1/a/{id}"), ("v1/a/{id}", None));
        assert_eq!(split_verb("v1/a:b/c"), ("v1/a:b/c", None));
    }
}
