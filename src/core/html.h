/* SPDX-License-Identifier: MIT */
/*
 * html.h - rich text that is safe to show: event descriptions are HTML from
 * their authors, kept to an allowlist before they are stored.
 *
 * Kept: p br strong b em i u s ul ol li h2 h3 h4 blockquote code pre, and a
 * with an http(s) or mailto href (given rel="nofollow noopener" and
 * target="_blank"). Every other tag is dropped with its attributes but its
 * text stays, except script, style, iframe, object, embed, template,
 * noscript, svg and math, whose content goes too. Text is escaped, entities
 * that are well formed are kept, tags left open are closed, stray closing
 * tags dropped. The output is well-formed and never longer than 4 times the
 * input plus the closing tags.
 */
#ifndef BO_CORE_HTML_H
#define BO_CORE_HTML_H

struct arena;

/* The sanitized form of html, in the arena; NULL for NULL. */
char *html_sanitize(struct arena *a, const char *html);

/*
 * The words of html without its markup, for the search index: each tag
 * becomes a space, entities become their characters (a space for names other
 * than amp, lt, gt, quot and apos). A pure function of html, so the same
 * description always gives the same words. In the arena; NULL for NULL.
 */
char *html_text(struct arena *a, const char *html);

#endif
