/* libFuzzer: the YAML rule loader, on anything. */
#include "engine/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs;
	struct diag d;
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	ruleset_init(&rs);
	diag_init(&d, NULL);
	ruleset_load_string(&rs, "fuzz.yaml", text, data[0] & 1, &d);
	ruleset_release(&rs);
	diag_release(&d);
	free(text);
	return 0;
}
