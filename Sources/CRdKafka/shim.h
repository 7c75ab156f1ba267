// The librdkafka headers the Kafka module needs; only that module imports CRdKafka.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
