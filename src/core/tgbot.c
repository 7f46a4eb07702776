/* SPDX-License-Identifier: MIT */
/*
 * tgbot.c - the bot's command parser and its phrases.
 */
#include "core/tgbot.h"

#include <stdbool.h>
#include <string.h>

#include "lib/arena.h"

enum { LANG_RU, LANG_UK, LANG_EN, LANG_COUNT };

static const char *const phrases[][LANG_COUNT] = {
    [TGBOT_LINKED] = {"Готово: Telegram привязан к вашему аккаунту boxoffice. Уведомления "
                      "будут приходить сюда.",
                      "Готово: Telegram прив'язано до вашого акаунта boxoffice. Сповіщення "
                      "надходитимуть сюди.",
                      "Done: Telegram is linked to your boxoffice account. Notifications will "
                      "come here."},
    [TGBOT_BAD_TOKEN] = {"Эта ссылка больше не действует (она одноразовая и живёт 15 минут). "
                         "Создайте новую в профиле.",
                         "Це посилання більше не діє (воно одноразове й живе 15 хвилин). "
                         "Створіть нове в профілі.",
                         "This link no longer works (it is single-use and lasts 15 minutes). "
                         "Make a new one in your profile."},
    [TGBOT_CHAT_TAKEN] = {"Этот Telegram уже привязан к другому аккаунту. Сначала отвяжите "
                          "его там.",
                          "Цей Telegram уже прив'язано до іншого акаунта. Спершу відв'яжіть "
                          "його там.",
                          "This Telegram is already linked to another account. Unlink it "
                          "there first."},
    [TGBOT_NOT_PRIVATE] = {"Привязать аккаунт можно только в личном чате с ботом.",
                           "Прив'язати акаунт можна лише в особистому чаті з ботом.",
                           "An account can be linked only in a private chat with the bot."},
    [TGBOT_HELP] = {"Чтобы получать уведомления здесь, откройте ссылку или QR-код из профиля "
                    "boxoffice.",
                    "Щоб отримувати сповіщення тут, відкрийте посилання або QR-код із профілю "
                    "boxoffice.",
                    "To get notifications here, open the link or QR code from your boxoffice "
                    "profile."},
};

static bool
is_token_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_';
}

/* After "/start" or "/start@somebot": the rest, or NULL if text is another command. */
static const char *
after_start(const char *text)
{
    if (text == NULL || strncmp(text, "/start", 6) != 0) {
        return NULL;
    }
    const char *p = text + 6;
    if (*p == '@') {
        while (*p != '\0' && *p != ' ') {
            p++;
        }
    }
    return *p == ' ' || *p == '\0' ? p : NULL;
}

const char *
tgbot_start_token(struct arena *a, const char *text)
{
    const char *p = after_start(text);

    if (p == NULL) {
        return NULL;
    }
    while (*p == ' ') {
        p++;
    }
    size_t len = 0;
    while (is_token_char(p[len])) {
        len++;
    }
    if (len == 0 || len > TGBOT_TOKEN_MAX || (p[len] != '\0' && p[len] != ' ')) {
        return NULL;
    }
    return arena_strndup(a, p, len);
}

static int
lang_index(const char *code)
{
    if (code == NULL) {
        return LANG_EN;
    }
    if (strncmp(code, "ru", 2) == 0 && (code[2] == '\0' || code[2] == '-')) {
        return LANG_RU;
    }
    if (strncmp(code, "uk", 2) == 0 && (code[2] == '\0' || code[2] == '-')) {
        return LANG_UK;
    }
    return LANG_EN;
}

const char *
tgbot_lang(const char *code)
{
    static const char *const names[LANG_COUNT] = {"ru", "uk", "en"};

    return names[lang_index(code)];
}

const char *
tgbot_text(enum tgbot_reply reply, const char *lang)
{
    if (reply == TGBOT_SILENT || (unsigned)reply > TGBOT_HELP) {
        return NULL;
    }
    return phrases[reply][lang_index(lang)];
}
