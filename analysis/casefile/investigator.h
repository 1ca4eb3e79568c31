// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace lineage::casefile {

// Who is acting on a case: the investigator's name as they gave it and the OS user
// running the program. Written into every audit entry.
struct Investigator
{
    QString name;
    QString osUser;

    // The OS user from the environment, with `name` (or the OS user when empty).
    static Investigator current(const QString &name = {});
};

} // namespace lineage::casefile
