//! A shared checklist, read-only: opened from a link, with no sign-in and no
//! request to GitHub's API. A banner says whose snapshot it is and when it
//! was taken, with "Check live" (sign-in, then the live checklist); the
//! "For maintainers" panel says what to do on one's own machine. Damaged,
//! newer or unknown links are read as far as possible and say what was ignored;
//! a link longer than a checklist needs, or one that unpacks to more than one
//! can hold, is stopped there and shown as damaged, saying which.

use crate::components::checklist::check_row::CheckRow;
use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::maintainer_panel::MaintainerPanel;
use crate::compress;
use crate::route::Route;
use ghcr_setup_core::check::{Evidence, Fix, Group, Item, Link, Status, Verdict, CHECKS};
use ghcr_setup_core::names::ImageName;
use ghcr_setup_core::share::{
    counts_line, link_bytes, Decoded, LinkError, SharedItem, Snapshot, Unpacking,
};
use ghcr_setup_core::time::format_utc;
use leptos::prelude::*;

/// A shared item as a checklist row.
fn item_of(shared: &SharedItem) -> Option<Item> {
    let meta = CHECKS
        .iter()
        .map(|c| c.meta())
        .find(|m| m.id == shared.id)?;
    let status = Status::from_id(&shared.s)?;
    let evidence = shared
        .e
        .iter()
        .map(|line| {
            let (label, value) = line.split_once(": ").unwrap_or(("", line));
            Evidence {
                label: label.to_string(),
                value: value.to_string(),
                source: None,
            }
        })
        .collect();
    let fix = shared.l.as_ref().map(|href| Fix {
        text: "The settings page for this item:".into(),
        link: Some(Link {
            href: href.clone(),
            text: "Open on GitHub".into(),
        }),
    });
    Some(Item {
        meta,
        verdict: Verdict {
            status,
            summary: shared.t.clone(),
            unknown: None,
            evidence,
            fix,
        },
        waiting_for: Vec::new(),
    })
}

#[component]
pub fn SharePage(data: String) -> impl IntoView {
    let decoded = RwSignal::new(None::<Decoded>);
    leptos::task::spawn_local(async move {
        let result = match link_bytes(&data) {
            Err(err) => err.decoded(),
            Ok(bytes) => {
                // Unpacked chunk by chunk and stopped at the cap: a short
                // link can hold gigabytes of zeros.
                let mut unpacking = Unpacking::new();
                let mut each = |chunk: &[u8]| unpacking.push(chunk).is_ok();
                match compress::inflate_with(&bytes, &mut each).await {
                    Ok(()) => unpacking.finish(),
                    Err(_) => LinkError::Damaged.decoded(),
                }
            }
        };
        decoded.set(Some(result));
    });
    view! {
        <h1>"Shared checklist"</h1>
        {move || match decoded.get() {
            None => view! { <p role="status">"Reading the link…"</p> }.into_any(),
            Some(Decoded { snapshot: None, notes }) => {
                let problem = Problem::new("This share link cannot be read")
                    .detail(notes.join(" "))
                    .link(Route::check_blank().href(), "Check a repository yourself");
                view! { <ErrorMessage problem=problem level=2/> }.into_any()
            }
            Some(Decoded { snapshot: Some(s), notes }) => view! { <Shared snapshot=s notes=notes/> }.into_any(),
        }}
    }
}

#[component]
fn Shared(snapshot: Snapshot, notes: Vec<String>) -> impl IntoView {
    let image = snapshot
        .image
        .as_deref()
        .and_then(|i| ImageName::parse(i).ok())
        .or_else(|| {
            ghcr_setup_core::names::RepoSlug::parse(&snapshot.repo)
                .ok()
                .and_then(|r| ImageName::for_repo(&r).ok())
        });
    let live = Route::Check {
        repo: snapshot.repo.clone(),
        image: snapshot.image.clone(),
    }
    .href();
    let generator = Route::Generate {
        query: snapshot.options.clone(),
    }
    .href();
    let when = if snapshot.at == 0 {
        "an unknown time".to_string()
    } else {
        format_utc(snapshot.at)
    };
    let groups = Group::ALL
        .into_iter()
        .map(|group| {
            let rows: Vec<Item> = snapshot
                .group_items(group)
                .into_iter()
                .filter_map(|(_, shared)| item_of(shared))
                .collect();
            let heading = format!("group-{}", group.id());
            let labelled_by = heading.clone();
            view! {
                <section class="check-group" aria-labelledby=labelled_by>
                    <h2 id=heading>{group.title()}</h2>
                    {if rows.is_empty() {
                        view! { <p class="muted">"Nothing in this group was shared."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="check-list">
                                {rows.into_iter().map(|item| {
                                    let id = item.meta.id;
                                    view! { <CheckRow id=id item=Signal::derive(move || Some(item.clone()))/> }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="share-banner flash" role="note">
            <p>
                <strong>{format!("Snapshot of {} as of {when}.", snapshot.repo)}</strong>
                " It shows what someone with access saw then; nothing was read from GitHub to show it. "
            </p>
            <p class="btn-row">
                <a class="btn btn-primary" href=live>"Check live"</a>
                <a class="btn" href=generator>"Open its workflow in the generator"</a>
            </p>
        </div>
        {(!notes.is_empty()).then(|| view! {
            <div class="flash flash-warn" role="status">
                <h2>"Parts of this link were not read"</h2>
                <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </div>
        })}
        <p class="share-counts">{counts_line(&snapshot)}</p>
        <MaintainerPanel repo=snapshot.repo.clone() image=image
            published=snapshot.items.iter().any(|i| i.id == "package" && i.s == "pass")/>
        {groups}
    }
}
