#include "support/GlewlwydProcess.h"

#include "support/TestPaths.h"

namespace deskauth::test {

GlewlwydProcess::GlewlwydProcess(int firstPort, int lastPort)
    : process_(sourceDir() + "/tools/glewlwyd/server",
               {"--port", "0", "--quiet", "--certs", devCertsDir(), "--redirect-ports",
                std::to_string(firstPort) + "-" + std::to_string(lastPort)},
               "tools/glewlwyd/server (Glewlwyd; a missing package: run scripts/install-deps)") {}

}  // namespace deskauth::test
