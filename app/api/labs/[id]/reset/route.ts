// POST /api/labs/{id}/reset[?engine=] (operators): removes every service, container and network labelled
// netatlas.lab=<id> (on the lab's engines with ?engine=, else on every configured engine); answers LabResetDto.
// Audited as lab.reset.
import { resetRoute } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export const POST = resetRoute(findLab);
