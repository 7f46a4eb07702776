/* SPDX-License-Identifier: MIT */
/*
 * The email channel against a real SMTP server (tests/lib/smtp_peer.py on
 * Debian's python3-aiosmtpd, 127.0.0.1, a free port): what arrives is parsed
 * by Python's email package (tests/lib/mail_parse.py) and checked here. Also
 * the outcomes: 550 gives up, 451 and a peer that is down are retried.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chan/chan.h"
#include "config.h"
#include "core/notice.h"
#include "lib/arena.h"

#define PYTHON "/usr/bin/python3" /* Debian's, where python3-aiosmtpd is installed */

struct peer {
    pid_t pid;
    int in_fd; /* closing it ends the peer */
    int port;
    char dir[64];
};

static struct arena *ar;
static struct peer peer;
static struct config cfg;

static int
read_port(int fd)
{
    char buf[32] = {0};
    size_t len = 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};

    while (len < sizeof(buf) - 1 && poll(&p, 1, 15000) == 1) {
        ssize_t n = read(fd, buf + len, 1);
        if (n <= 0 || buf[len] == '\n') {
            break;
        }
        len++;
    }
    return (int)strtol(buf, NULL, 10);
}

static void
peer_start(const char *mode)
{
    int in[2], out[2];

    snprintf(peer.dir, sizeof(peer.dir), "/tmp/bo-smtp-XXXXXX");
    cr_assert_not_null(mkdtemp(peer.dir));
    cr_assert_eq(pipe(in), 0);
    cr_assert_eq(pipe(out), 0);
    peer.pid = fork();
    if (peer.pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execl(PYTHON, PYTHON, "tests/lib/smtp_peer.py", peer.dir, mode, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    peer.in_fd = in[1];
    peer.port = read_port(out[0]);
    close(out[0]);
    cr_assert_gt(peer.port, 0, "the SMTP peer did not start (is python3-aiosmtpd installed?)");
    cfg.smtp_url = arena_printf(ar, "smtp://127.0.0.1:%d", peer.port);
}

static void
peer_stop(void)
{
    if (peer.pid <= 0) {
        return;
    }
    close(peer.in_fd);
    for (int i = 0; i < 100 && waitpid(peer.pid, NULL, WNOHANG) == 0; i++) {
        usleep(50 * 1000);
    }
    if (waitpid(peer.pid, NULL, WNOHANG) == 0) {
        kill(peer.pid, SIGKILL);
        waitpid(peer.pid, NULL, 0);
    }
    char *cmd = arena_printf(ar, "rm -rf '%s'", peer.dir);
    cr_assert_eq(system(cmd), 0);
    peer.pid = 0;
}

static void
setup(void)
{
    ar = arena_create(64 * 1024);
    cfg.smtp_from = "boxoffice <no-reply@kino.example>";
    cfg.delivery_timeout = 10;
}

static void
teardown(void)
{
    peer_stop();
    arena_destroy(ar);
}

TestSuite(chan_email, .init = setup, .fini = teardown, .timeout = 30);

static struct notice *
reminder(const char *lang)
{
    struct notice_facts f = {
        .category = "reminder.1h",
        .lang = lang,
        .recipient = "Олена",
        .event_id = 42,
        .event_version = 3,
        .event_title = "Кіновечір: «Тіні забутих предків»",
        .starts_at = 1795000000,
        .location = "Київ",
        .link = "https://kino.example/s/abc",
        .unsubscribe_url = "https://kino.example/unsubscribe?t=tok",
        .host = "kino.example",
        .changed_at = 1794900000,
    };
    struct notice *n = arena_zalloc(ar, sizeof(*n));
    cr_assert_eq(notice_render(ar, &f, n), BO_OK);
    return n;
}

static struct chan_result
send_one(const char *target, const char *message_id, const struct notice *n)
{
    struct chan_msg m = {.delivery_id = 1,
                         .message_id = message_id,
                         .target = target,
                         .category = "reminder.1h",
                         .payload = "{}",
                         .notice = n,
                         .now = 1794996400};
    struct chan_result r;
    memset(&r, 0, sizeof(r));
    chan_email_send(&cfg, &m, &r);
    return r;
}

/* The n-th received message, parsed; the caller puts the object. */
static json_object *
received(int n)
{
    char *cmd = arena_printf(ar, PYTHON " tests/lib/mail_parse.py %s/%d.eml", peer.dir, n);
    FILE *p = popen(cmd, "r");
    char *buf = arena_zalloc(ar, 1 << 20);
    size_t len = p ? fread(buf, 1, (1 << 20) - 1, p) : 0;

    cr_assert(p != NULL && pclose(p) == 0 && len > 0, "could not parse message %d", n);
    json_object *o = json_tokener_parse(buf);
    cr_assert_not_null(o);
    return o;
}

static const char *
get(json_object *o, const char *section, const char *name)
{
    json_object *s = NULL, *v = NULL;
    cr_assert(json_object_object_get_ex(o, section, &s), "no %s", section);
    if (!json_object_object_get_ex(s, name, &v)) {
        return NULL;
    }
    return json_object_get_string(v);
}

Test(chan_email, a_notice_arrives_as_multipart_with_headers_and_calendar)
{
    peer_start("accept");
    struct notice *n = reminder("uk");

    struct chan_result r = send_one("olena@example.org", "d17.reminder", n);

    cr_assert_eq(r.outcome, CHAN_SENT, "error: %s", r.error);
    cr_assert_eq(r.status_code, 250);
    json_object *o = received(1);
    json_object *tree = NULL;
    json_object_object_get_ex(o, "tree", &tree);
    cr_assert_str_eq(json_object_to_json_string_ext(tree, JSON_C_TO_STRING_PLAIN),
                     "[\"multipart\\/mixed\",\"multipart\\/alternative\",\"text\\/plain\","
                     "\"text\\/html\",\"text\\/calendar\"]");
    cr_assert_str_eq(get(o, "headers", "Subject"), n->subject, "RFC 2047 round trip");
    cr_assert_str_eq(get(o, "headers", "To"), "olena@example.org");
    cr_assert_str_eq(get(o, "headers", "Message-ID"), "<d17.reminder@kino.example>");
    cr_assert_str_eq(get(o, "headers", "List-Unsubscribe"),
                     "<https://kino.example/unsubscribe?t=tok>");
    cr_assert_str_eq(get(o, "headers", "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
    cr_assert(strstr(get(o, "parts", "text/plain"), "Кіновечір") != NULL);
    cr_assert(strstr(get(o, "parts", "text/html"), "&laquo;") == NULL);
    const char *ics = get(o, "parts", "text/calendar");
    cr_assert(strstr(ics, "UID:event-42@kino.example") && strstr(ics, "SEQUENCE:3") &&
                  strstr(ics, "METHOD:PUBLISH"),
              "%s", ics);
    cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "calendar_method")),
                     "PUBLISH");
    cr_assert_str_eq(json_object_get_string(json_object_object_get(o, "calendar_filename")),
                     "invite.ics");
    json_object_put(o);
}

Test(chan_email, the_envelope_sender_is_the_bare_from_address)
{
    peer_start("accept");

    struct chan_result r = send_one("olena@example.org", "d1", reminder("en"));

    cr_assert_eq(r.outcome, CHAN_SENT, "error: %s", r.error);
    FILE *f = fopen(arena_printf(ar, "%s/1.env", peer.dir), "r");
    char line[256] = {0};
    cr_assert(f && fgets(line, sizeof(line), f));
    fclose(f);
    cr_assert_str_eq(line, "no-reply@kino.example\n");
}

Test(chan_email, a_message_sent_twice_keeps_its_message_id)
{
    peer_start("accept");
    struct notice *n = reminder("ru");

    struct chan_result r1 = send_one("ivan@example.org", "d99.o5", n);
    struct chan_result r2 = send_one("ivan@example.org", "d99.o5", n);

    cr_assert(r1.outcome == CHAN_SENT && r2.outcome == CHAN_SENT, "%s %s", r1.error, r2.error);
    json_object *a = received(1), *b = received(2);
    cr_assert_str_eq(get(a, "headers", "Message-ID"), "<d99.o5@kino.example>");
    cr_assert_str_eq(get(a, "headers", "Message-ID"), get(b, "headers", "Message-ID"));
    json_object_put(a);
    json_object_put(b);
}

Test(chan_email, a_refused_mailbox_gives_up_with_the_reply_code)
{
    peer_start("refuse");

    struct chan_result r = send_one("nobody@example.org", "d2", reminder("en"));

    cr_assert_eq(r.outcome, CHAN_GIVE_UP, "error: %s", r.error);
    cr_assert_eq(r.status_code, 550);
    cr_assert_neq(r.error[0], '\0');
}

Test(chan_email, a_temporary_refusal_is_retried)
{
    peer_start("tempfail");

    struct chan_result r = send_one("busy@example.org", "d3", reminder("en"));

    cr_assert_eq(r.outcome, CHAN_RETRY, "error: %s", r.error);
    cr_assert_eq(r.status_code, 451);
}

/* A port that nobody listens on: bound, never listened to, then closed. */
static int
dead_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    cr_assert_eq(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    getsockname(s, (struct sockaddr *)&a, &len);
    close(s);
    return ntohs(a.sin_port);
}

Test(chan_email, a_peer_that_is_down_is_retried)
{
    cfg.smtp_url = arena_printf(ar, "smtp://127.0.0.1:%d", dead_port());

    struct chan_result r = send_one("olena@example.org", "d4", reminder("en"));

    cr_assert_eq(r.outcome, CHAN_RETRY, "error: %s", r.error);
    cr_assert_eq(r.status_code, 0);
}

Test(chan_email, a_bad_address_gives_up_without_sending)
{
    cfg.smtp_url = "smtp://127.0.0.1:1";

    struct chan_result r =
        send_one("olena@example.org\r\nBcc: all@example.org", "d5", reminder("en"));

    cr_assert_eq(r.outcome, CHAN_GIVE_UP);
    r = send_one("not-an-address", "d5", reminder("en"));
    cr_assert_eq(r.outcome, CHAN_GIVE_UP);
}
