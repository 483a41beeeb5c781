//! Container image references: which tag an image runs with.

/// The tag an image reference runs with: `Some("latest")` when none is written, `None` when
/// the image is pinned by digest or cannot be judged (`.`, placeholders, empty).
pub fn effective_tag(image: &str) -> Option<String> {
    let image = image.trim();
    if image.is_empty() || image == "." || image.contains("${") || image.contains("{{") {
        return None;
    }
    if image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) => Some(tag.to_string()),
        None => Some("latest".to_string()),
    }
}

/// Whether the tag was written (`nginx:latest`) rather than implied (`nginx`).
pub fn tag_written(image: &str) -> bool {
    let last = image.trim().rsplit('/').next().unwrap_or(image);
    last.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_from_the_last_path_segment() {
        assert_eq!(effective_tag("nginx").as_deref(), Some("latest"));
        assert_eq!(effective_tag("nginx:latest").as_deref(), Some("latest"));
        assert_eq!(
            effective_tag("registry.example.com:5000/team/app").as_deref(),
            Some("latest")
        );
        assert_eq!(
            effective_tag("registry.example.com:5000/team/app:1.2").as_deref(),
            Some("1.2")
        );
        assert_eq!(effective_tag("app@sha256:abcd"), None);
        assert_eq!(effective_tag("."), None);
        assert_eq!(effective_tag("${IMAGE}"), None);
    }
}
