#!/usr/bin/env python3
"""Publishes a news item to Engram, waits for the memory versions it made, asks a question and prints the answer.

    python3 clients/python/engram_example.py --bootstrap 127.0.0.1:9092

Kafka only: no HTTP, no schema registry. docs/clients.md explains each step. Exit codes: 0 answered, 1 the news
item was dead-lettered or the answer was not OK, 2 usage, 3 timed out.
"""

import argparse
import datetime
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition

from engram_client import Schemas


def now():
    return datetime.datetime.now(tz=datetime.timezone.utc)


def publish(producer, topic, key, value):
    """Sends one record and waits for the broker's acknowledgement; returns (partition, offset)."""
    delivered = {}

    def on_delivery(error, message):
        delivered["error"], delivered["message"] = error, message

    producer.produce(topic, key=key.encode("utf-8"), value=value, on_delivery=on_delivery)
    producer.flush(30)
    if delivered.get("error") is not None or "message" not in delivered:
        raise RuntimeError("could not publish to %s: %s" % (topic, delivered.get("error", "no acknowledgement")))
    return delivered["message"].partition(), delivered["message"].offset()


def reader(bootstrap, topics, from_end):
    """A consumer of every partition of topics, read_committed (Engram writes in transactions), no group."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "engram-example-" + uuid.uuid4().hex,
                         "enable.auto.commit": False, "isolation.level": "read_committed"})
    assignment = []
    for topic in topics:
        metadata = consumer.list_topics(topic, timeout=30).topics[topic]
        if metadata.error is not None:
            raise RuntimeError("topic %s: %s (is the service running with this prefix?)" % (topic, metadata.error))
        for partition in metadata.partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=30)
            assignment.append(TopicPartition(topic, partition, high if from_end else low))
    consumer.assign(assignment)
    return consumer


def await_versions(consumer, schemas, news_topic, partition, offset, deadline):
    """Every MemoryVersion made from the news record at (partition, offset); fails on its dead letter."""
    versions = {}
    while time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error() is not None:
            continue
        record, value = schemas.decode(message.value())
        source = value["source"]
        if (source["topic"], source["partition"], source["offset"]) != (news_topic, partition, offset):
            continue
        if record == "DeadLetter":
            print("dead-lettered: %s %s" % (value["errorKind"], value["errorMessage"]))
            sys.exit(1)
        # updateId is <topic>:<partition>:<offset>:<chunk>/<chunks>: the article is in when every chunk is
        chunk, chunks = (int(n) for n in value["updateId"].rsplit(":", 1)[1].split("/"))
        versions[chunk] = value
        print("version %d of memory %s: update %s, %d tokens, pool checksum %s"
              % (value["version"], value["memoryId"], value["updateId"], value["tokenCount"], value["poolChecksum"]))
        if len(versions) == chunks:
            return [versions[c] for c in sorted(versions)]
    print("timed out waiting for the versions of %s:%d:%d" % (news_topic, partition, offset))
    sys.exit(3)


def await_answer(consumer, schemas, request_id, deadline):
    while time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error() is not None:
            continue
        if message.key() != request_id.encode("utf-8"):
            continue  # answers are keyed by request id
        return schemas.decode(message.value())[1]
    print("timed out waiting for the answer to %s" % request_id)
    sys.exit(3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--prefix", default="engram", help="engram.topics.prefix of the service")
    parser.add_argument("--memory", default="default")
    parser.add_argument("--compat", default=None, help="schemas/compat folder (default: this repository's)")
    parser.add_argument("--title", default="Harbour of Velmora reopens")
    parser.add_argument("--body", default="The harbour of Velmora reopened on Tuesday under its new director,"
                                          " Anika Sorel.")
    parser.add_argument("--question", default="Who is the director of the harbour of Velmora?")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for versions and the answer")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout

    schemas = Schemas(args.compat)
    print("fingerprints: %d released schemas agree with their canonical form" % schemas.check_fingerprints())
    news, queries = args.prefix + ".news", args.prefix + ".queries"
    # murmur2_random: the Java client's partitioner. librdkafka's default (CRC32) sends a key to another partition,
    # and a query must reach the partition that holds its memory (Engram keys updates with the Java partitioner)
    producer = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True,
                         "partitioner": "murmur2_random"})

    # 1. news, keyed by memory id (one memory's items stay in order on one partition)
    article_id = "example-" + uuid.uuid4().hex[:12]
    versions_reader = reader(args.bootstrap, [args.prefix + ".versions", args.prefix + ".deadletters"], True)
    partition, offset = publish(producer, news, args.memory, schemas.encode("NewsArticle", {
        "id": article_id, "memoryId": args.memory, "source": "engram_example.py", "title": args.title,
        "body": args.body, "publishedAt": now(), "url": None, "lang": "en"}))
    print("published news %s to %s partition %d offset %d" % (article_id, news, partition, offset))

    # 2. the version events it made: one per chunk, in order
    versions = await_versions(versions_reader, schemas, news, partition, offset, deadline)
    versions_reader.close()

    # 3. a question, keyed by memory id (queries must be: the task that owns the memory answers)
    request_id = "example-" + uuid.uuid4().hex
    answers_reader = reader(args.bootstrap, [args.prefix + ".answers"], True)  # before asking: no answer missed
    publish(producer, queries, args.memory, schemas.encode("Query", {
        "requestId": request_id, "memoryId": args.memory, "question": args.question, "maxNewTokens": 32,
        "asOfVersion": None, "deadline": None, "createdAt": now()}))
    print("asked %s: %s" % (request_id, args.question))

    # 4. the answer, with the version it was computed on
    answer = await_answer(answers_reader, schemas, request_id, deadline)
    answers_reader.close()
    print("answer %s at version %s: %s" % (answer["status"], answer["memoryVersion"], answer["answer"].strip()))
    if answer["status"] != "OK":
        print("reason: %s" % answer["reason"])
        return 1
    print("the answer's version %s %s the article's last version %d"
          % (answer["memoryVersion"], ">=" if answer["memoryVersion"] >= versions[-1]["version"] else "<",
             versions[-1]["version"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
