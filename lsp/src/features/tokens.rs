//! `textDocument/semanticTokens/full` and `/range`: template and placeholder expressions
//! inside strings. The engine's tokens are single-line byte spans; lengths are counted here
//! in the negotiated encoding through the context's positions.

use crate::context::DocumentContext;
use innominatus_engine::ide::tokens::{semantic_tokens, Token, TokenKind};
use innominatus_engine::text::Span;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenType, SemanticTokens, SemanticTokensParams,
    SemanticTokensRangeParams, SemanticTokensRangeResult, SemanticTokensResult,
};

/// The legend, in the order of [`TokenKind::ALL`].
pub fn legend() -> Vec<SemanticTokenType> {
    TokenKind::ALL
        .iter()
        .map(|k| match k {
            TokenKind::Operator => SemanticTokenType::OPERATOR,
            TokenKind::Keyword => SemanticTokenType::KEYWORD,
            TokenKind::Function => SemanticTokenType::FUNCTION,
            TokenKind::Property => SemanticTokenType::PROPERTY,
            TokenKind::Variable => SemanticTokenType::VARIABLE,
            TokenKind::String => SemanticTokenType::STRING,
            TokenKind::Number => SemanticTokenType::NUMBER,
        })
        .collect()
}

pub fn full(
    cx: &DocumentContext<'_>,
    _params: &SemanticTokensParams,
) -> Option<SemanticTokensResult> {
    let file = super::synced(cx)?;
    let data = encode(cx, &semantic_tokens(cx.ws(), file), None);
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    }))
}

pub fn range(
    cx: &DocumentContext<'_>,
    params: &SemanticTokensRangeParams,
) -> Option<SemanticTokensRangeResult> {
    let file = super::synced(cx)?;
    let span = cx.snapshot.lines().span(params.range, cx.encoding());
    let data = encode(cx, &semantic_tokens(cx.ws(), file), Some(span));
    Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    }))
}

/// The protocol's relative encoding: each token's line and start relative to the previous.
fn encode(cx: &DocumentContext<'_>, tokens: &[Token], within: Option<Span>) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for t in tokens {
        if within.is_some_and(|w| t.span.end < w.start || t.span.start > w.end) {
            continue;
        }
        let start = cx.position(t.span.start);
        let end = cx.position(t.span.end);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 {
            start.character - last_start
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: t.kind.index(),
            token_modifiers_bitset: 0,
        });
        last_line = start.line;
        last_start = start.character;
    }
    out
}
