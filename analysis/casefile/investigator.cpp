// SPDX-License-Identifier: GPL-3.0-or-later
#include "casefile/investigator.h"

#include <QtGlobal>

#include <pwd.h>
#include <unistd.h>

namespace lineage::casefile {

Investigator Investigator::current(const QString &name)
{
    QString osUser;
    if (const passwd *pw = getpwuid(geteuid()))
        osUser = QString::fromLocal8Bit(pw->pw_name);
    if (osUser.isEmpty())
        osUser = qEnvironmentVariable("USER");
    if (osUser.isEmpty())
        osUser = QStringLiteral("uid:%1").arg(geteuid());
    return Investigator{name.isEmpty() ? osUser : name, osUser};
}

} // namespace lineage::casefile
