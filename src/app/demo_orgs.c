/* SPDX-License-Identifier: MIT */
/*
 * demo_orgs.c - the organizers and speakers of the demo catalog: a cinema
 * club, a theatre studio, a school (seed 004's world), a concert agency,
 * and one member's personal organizer (seed 003), each with its team, FAQ
 * and brand colour; the demo staff account works for the first four.
 */
#include "app/demo.h"

#include "app/catalog.h"
#include "app/organizers.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "store/store.h"

static struct team_member kino_team[] = {
    {"Олена Коваль", "Host", NULL, "Runs the club since 2019."},
    {"Тарас Шевчук", "Projectionist", NULL, NULL},
};
static struct faq_item kino_faq[] = {
    {"Можна з власними снеками?", "Так, але без гучних пакетів."},
    {"Is there an English subtitle?", "Most screenings have English subtitles."},
};
static struct team_member theatre_team[] = {
    {"Мария Смирнова", "Режиссёр", NULL, "Ставит спектакли с 2010 года."},
};
static struct faq_item theatre_faq[] = {
    {"Пускают ли после начала?", "Нет, двери закрываются с третьим звонком."},
};
static struct team_member school_team[] = {
    {"Марія Коваленко", "Кандидат педагогічних наук", NULL, NULL},
    {"Oleh Bondar", "Methodologist", NULL, NULL},
};
static struct faq_item school_faq[] = {
    {"Чи видаєте сертифікат?", "Так, після 35 хвилин на вебінарі або всіх занять курсу."},
    {"Do you record webinars?", "Yes; the recording has its own price."},
};

static const struct {
    const char *slug, *name, *color, *email, *description;
    struct team_member *team;
    int team_count;
    struct faq_item *faq;
    int faq_count;
} orgs[DEMO_ORGANIZERS] = {
    {"kino-club-kyiv", "Кіноклуб «Поділ»", "#1a73e8", "kino@boxoffice.test",
     "<p>Кіно в компанії: дивимося разом, <b>обговорюємо</b> після.</p>", kino_team, 2, kino_faq,
     2},
    {"teatr-maska", "Театральная студия «Маска»", "#b3261e", "maska@boxoffice.test",
     "<p>Камерные спектакли и открытые репетиции.</p>", theatre_team, 1, theatre_faq, 1},
    {"istok-academy", "ISTOK Academy", "#0b8043", "academy@boxoffice.test",
     "<p>Courses and webinars for teachers: <em>certificates included</em>.</p>", school_team, 2,
     school_faq, 2},
    {"open-air-agency", "Open Air Agency", "#6a1b9a", "hello@boxoffice.test",
     "<p>Concerts and open-air theatre across Ukraine and Poland.</p>", NULL, 0, NULL, 0},
};

static const struct speaker speakers[DEMO_SPEAKERS] = {
    {.slug = "mariia-kovalenko",
     .full_name = "Марія Коваленко",
     .job_title = "Кандидат педагогічних наук",
     .legal_entity = "ТОВ Освіта Плюс",
     .quote = "Освіта - це ключ до успіху",
     .position = 1},
    {.slug = "oleh-bondar",
     .full_name = "Oleh Bondar",
     .job_title = "Methodologist",
     .position = 2},
    {.slug = "irina-petrova",
     .full_name = "Ирина Петрова",
     .job_title = "UX-исследователь",
     .position = 3},
};

/* Known slugs make this safe to run twice: what exists is found, not made again. */
static int64_t
one_organizer(struct ctx *c, int i)
{
    struct organizer o = {.slug = orgs[i].slug,
                          .name = orgs[i].name,
                          .brand_color = orgs[i].color,
                          .email = orgs[i].email,
                          .description = orgs[i].description,
                          .team = orgs[i].team,
                          .team_count = orgs[i].team_count,
                          .faq = orgs[i].faq,
                          .faq_count = orgs[i].faq_count};
    struct organizer found;

    if (store_organizer_get_by_slug(c->store, c->arena, o.slug, &found) == BO_OK) {
        return found.id;
    }
    return organizers_create(c, &o) == BO_OK ? o.id : 0;
}

enum bo_err
demo_organizers(struct ctx *c, int64_t staff, int64_t org_ids[DEMO_ORGANIZERS],
                int64_t speaker_ids[DEMO_SPEAKERS])
{
    struct organizer_member m;
    struct speaker found;

    for (int i = 0; i < DEMO_ORGANIZERS; i++) {
        org_ids[i] = one_organizer(c, i);
        if (org_ids[i] == 0) {
            return c->err;
        }
        /* The creator (an admin here) hands the day-to-day work to the staff account. */
        if (organizers_role_of(c, org_ids[i]) == MEMBER_OWNER &&
            organizers_staff_put(c, org_ids[i], staff, MEMBER_STAFF, &m) != BO_OK) {
            return c->err;
        }
    }
    for (int i = 0; i < DEMO_SPEAKERS; i++) {
        struct speaker sp = speakers[i];
        if (store_speaker_get(c->store, c->arena, 0, sp.slug, &found) == BO_OK) {
            speaker_ids[i] = found.id;
        } else if (speakers_create(c, &sp) == BO_OK) {
            speaker_ids[i] = sp.id;
        } else {
            return c->err;
        }
    }
    return BO_OK;
}

enum bo_err
demo_personal_organizer(struct ctx *c, int64_t *id)
{
    struct organizer o = {.name = "Anna's sofa cinema",
                          .slug = "anna-sofa-cinema",
                          .description = "<p>Фильм, диван и чай. Пишите заявку!</p>",
                          .is_personal = true};
    struct organizer found;

    if (store_organizer_get_by_slug(c->store, c->arena, o.slug, &found) == BO_OK) {
        *id = found.id;
        return BO_OK;
    }
    enum bo_err err = organizers_create(c, &o);
    *id = err ? 0 : o.id;
    return err;
}
