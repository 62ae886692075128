/* --list-facts: what rules can test, as the Markdown of docs/facts.md. */
#include "engine/event_fields.h"
#include "sources/catalog.h"
#include "report/report.h"

void facts_list(FILE *out)
{
	fact_catalog_print(out);
	fputs("\n## Event fields\n\nWhat rules can test of each OOM kill, OOM panic and allocation failure\n"
	      "(`events: {where: ...}`).\n\n| field | meaning |\n| --- | --- |\n", out);
	event_fields_print(out);
}
