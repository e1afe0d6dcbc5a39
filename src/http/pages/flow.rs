//! The flow page and its ending: the collected fields shown, checked and submitted, then the redirect or the done page.

use super::*;

/// The origin a finished flow redirects to, for the page's `form-action`.
fn redirect_origin(inquiry: &Inquiry) -> Option<String> {
    let uri = inquiry.settings.redirect_uri.as_deref()?;
    Some(Url::parse(uri).ok()?.origin().ascii_serialization())
}

/// Answers that did not pass, shown again with their problems.
struct Answered {
    answers: BTreeMap<String, String>,
    problems: BTreeMap<String, Problem>,
    pass: bool,
}

/// The session behind the browser's cookie and what its end user may see, with the call that
/// acts as it; or the page that says why there is none.
async fn session_of(
    state: &HttpState,
    client: ClientAddr,
    headers: &HeaderMap,
    visit: &Visit,
) -> Result<(Call, CurrentSession), Response> {
    let Some(token) = visit.cookies.session_token(headers) else {
        return Err(visit.ending(StatusCode::FORBIDDEN, &visit.t.no_session));
    };
    let call = with_session(client, headers, &token);
    match state.app.current_session(&call).await {
        Ok(current) => Ok((call, current)),
        Err(err) => Err(refusal(visit, &err)),
    }
}

/// The flow page: what the template collects, pre-filled with what the inquiry holds — or
/// with the answers that did not pass, and their problems.
fn show_flow(
    visit: &Visit,
    headers: &HeaderMap,
    current: &CurrentSession,
    answered: Option<&Answered>,
) -> Response {
    let Ok((nonce, cookie)) = visit.cookies.nonce(headers) else {
        return refusal(visit, &app::Error::Internal("no randomness".into()));
    };
    let t = visit.t;
    let fields: Vec<FieldView> = (current.template.settings.collected_fields.iter())
        .map(|field| {
            let (value, problem) = match answered {
                Some(a) => (
                    a.answers.get(&field.name).cloned(),
                    a.problems.get(&field.name),
                ),
                None => (current.inquiry.fields.get(&field.name).map(shown), None),
            };
            FieldView::new(t, field, value.unwrap_or_default(), problem)
        })
        .collect();
    let summary = fields
        .iter()
        .filter_map(|f| Some((f.id.clone(), format!("{}: {}", f.label, f.error.as_ref()?))))
        .collect();
    let page = FlowPage {
        t,
        languages: languages(visit, &["verify", "flow"], &[]),
        template_name: &current.template.settings.name,
        hidden: visit.hidden(&nonce),
        fields,
        problems: summary,
        sandbox: current.inquiry.tenant.environment == Environment::Sandbox,
        pass: answered.is_none_or(|a| a.pass),
    };
    let status = match answered {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let origin = redirect_origin(&current.inquiry);
    with_nonce(views::flow(status, &page, origin.as_deref()), cookie)
}

/// `GET /verify/flow`: the form, pre-filled with what the inquiry holds. Reloading it keeps
/// the end user's place; a browser without the session cookie cannot see it.
pub(super) async fn flow_page(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    PageQuery(pairs): PageQuery,
) -> Response {
    let visit = Visit::new(&state, &headers, &pairs);
    match session_of(&state, client, &headers, &visit).await {
        Ok((_, current)) => show_flow(&visit, &headers, &current, None),
        Err(page) => page,
    }
}

/// `POST /verify/flow`: checks the answers against what the template collects (the form
/// again, with problems beside the fields and the answers kept) and submits them as
/// `SubmitSession` does; in the sandbox the switch chooses PASS or FAIL.
pub(super) async fn submit(
    State(state): State<HttpState>,
    client: ClientAddr,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Response {
    let Some(pairs) = form else {
        return bad_request(&Visit::new(&state, &headers, &Vec::new()));
    };
    let visit = Visit::new(&state, &headers, &pairs);
    if !visit.cookies.accepts_post(&headers, first(&pairs, "csrf")) {
        return visit.ending(StatusCode::FORBIDDEN, &visit.t.forbidden);
    }
    let (call, current) = match session_of(&state, client, &headers, &visit).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let mut answers = BTreeMap::new();
    for (name, value) in &pairs {
        answers.entry(name.clone()).or_insert_with(|| value.clone());
    }
    let pass = first(&pairs, "pass") == Some("on");
    let fields = match check_answers(&current.template.settings.collected_fields, &answers) {
        Ok(fields) => fields,
        Err(problems) => {
            let answered = Answered {
                answers,
                problems,
                pass,
            };
            return show_flow(&visit, &headers, &current, Some(&answered));
        }
    };
    let sandbox = current.inquiry.tenant.environment == Environment::Sandbox;
    let outcome = sandbox.then_some(match pass {
        true => SandboxOutcome::Pass,
        false => SandboxOutcome::Fail,
    });
    match state.app.submit(&call, Ok(fields), outcome).await {
        Ok((_, inquiry)) => {
            let mut response = see_other(&finish(&visit, &inquiry));
            guard::set_cookie(&mut response, visit.cookies.clear_session());
            response
        }
        Err(err) => refusal(&visit, &err),
    }
}

/// Where a finished flow goes: the template's `redirect_uri` with the inquiry's ID, reference
/// ID and status in its query (as Persona's hosted flow does), or our done page.
fn finish(visit: &Visit, inquiry: &Inquiry) -> String {
    let redirect = inquiry.settings.redirect_uri.as_deref();
    match redirect.and_then(|uri| Url::parse(uri).ok()) {
        Some(mut url) => {
            url.query_pairs_mut()
                .append_pair("inquiry-id", &inquiry.id)
                .append_pair("reference-id", &inquiry.reference_id)
                .append_pair("status", inquiry.status.as_str());
            url.into()
        }
        None => visit.path("/verify/done"),
    }
}

/// `GET /verify/done`: the built-in end of the journey.
pub(super) async fn done_page(
    State(state): State<HttpState>,
    headers: HeaderMap,
    PageQuery(pairs): PageQuery,
) -> Response {
    let visit = Visit::new(&state, &headers, &pairs);
    visit.ending(StatusCode::OK, &visit.t.done)
}
