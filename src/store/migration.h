/* SPDX-License-Identifier: MIT */
/*
 * migration.h - versioned schema files, embedded into the binary at build
 * time (scripts/embed-sql) from store/<backend>/migrations/NNN_name.sql.
 */
#ifndef BO_STORE_MIGRATION_H
#define BO_STORE_MIGRATION_H

#include <stddef.h>

struct migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct migration sqlite_migrations[];
extern const size_t sqlite_migration_count;
extern const struct migration pg_migrations[];
extern const size_t pg_migration_count;

#endif
