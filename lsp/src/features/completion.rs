//! `textDocument/completion` over [`innominatus_engine::ide::completion`].

use crate::context::DocumentContext;
use innominatus_engine::ide::completion::{complete, ItemKind};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemTag, CompletionList, CompletionParams,
    CompletionResponse, CompletionTextEdit, Documentation, InsertTextFormat, InsertTextMode,
    MarkupContent, MarkupKind, TextEdit,
};

pub fn handle(cx: &DocumentContext<'_>, params: &CompletionParams) -> Option<CompletionResponse> {
    let file = super::synced(cx)?;
    let offset = cx.offset(params.text_document_position.position);
    let items = complete(cx.ws(), file, offset)
        .into_iter()
        .enumerate()
        .map(|(i, item)| CompletionItem {
            kind: Some(kind(item.kind)),
            detail: item.detail,
            documentation: item.documentation.map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d,
                })
            }),
            tags: item.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
            // The engine's order is meaningful (schema order, plan order).
            sort_text: Some(format!("{i:04}")),
            filter_text: Some(item.label.clone()),
            insert_text_format: Some(if item.is_snippet {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            // Multi-line snippets carry their own indentation.
            insert_text_mode: Some(InsertTextMode::AS_IS),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: cx.range(item.replace),
                new_text: item.insert_text,
            })),
            label: item.label,
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::List(CompletionList {
        // Names depend on the word typed so far only through filtering: the client may
        // filter further by itself.
        is_incomplete: false,
        items,
    }))
}

fn kind(k: ItemKind) -> CompletionItemKind {
    match k {
        ItemKind::Key => CompletionItemKind::PROPERTY,
        ItemKind::Value => CompletionItemKind::VALUE,
        ItemKind::Step => CompletionItemKind::FUNCTION,
        ItemKind::ResourceType => CompletionItemKind::CLASS,
        ItemKind::Resource => CompletionItemKind::VARIABLE,
        ItemKind::Workflow => CompletionItemKind::MODULE,
        ItemKind::File => CompletionItemKind::FILE,
        ItemKind::Parameter => CompletionItemKind::FIELD,
        ItemKind::Variable => CompletionItemKind::VARIABLE,
        ItemKind::Output => CompletionItemKind::FIELD,
    }
}
