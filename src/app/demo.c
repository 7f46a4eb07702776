/* SPDX-License-Identifier: MIT */
#include "app/demo.h"

#include "app/accounts.h"
#include "core/ctx.h"
#include "store/store.h"

const struct demo_account demo_accounts[] = {
    {"admin", "admin@boxoffice.test", ROLE_ADMIN, "en", "Ada", "Admin"},
    {"staff", "staff@boxoffice.test", ROLE_STAFF, "ru", "Сергей", "Организаторов"},
    {"anna", "anna@boxoffice.test", ROLE_MEMBER, "ru", "Анна", "Иванова"},
    {"taras", "taras@boxoffice.test", ROLE_MEMBER, "uk", "Тарас", "Шевчук"},
    {"emma", "emma@boxoffice.test", ROLE_MEMBER, "en", "Emma", "Brown"},
};
const size_t demo_account_count = sizeof(demo_accounts) / sizeof(demo_accounts[0]);

static enum bo_err
seed_one(struct ctx *c, const struct demo_account *d, int *created)
{
    struct user existing;
    struct me me;
    struct registration reg = {.username = d->username,
                               .email = d->email,
                               .password = DEMO_PASSWORD,
                               .first_name = d->first_name,
                               .last_name = d->last_name,
                               .language = d->language,
                               .consent_personal_data = true};

    enum bo_err err = store_user_find_login(c->store, c->arena, d->username, &existing);
    if (err == BO_OK) {
        return BO_OK;
    }
    err = accounts_register(c, &reg, &me);
    if (err) {
        return err;
    }
    (*created)++;
    if (d->role == ROLE_MEMBER) {
        return BO_OK;
    }
    return store_user_set_role(c->store, me.user.id, d->role);
}

enum bo_err
demo_seed(struct ctx *c, int *created)
{
    *created = 0;
    for (size_t i = 0; i < demo_account_count; i++) {
        enum bo_err err = seed_one(c, &demo_accounts[i], created);
        if (err) {
            return err;
        }
    }
    return BO_OK;
}
