// The incident's pattern in KafkaJS, a client nobody here wrote: a new idempotent producer for every record.
//   node kafkajs-leak.js BOOTSTRAP TOPIC RECORDS
const { Kafka, logLevel } = require('kafkajs');
const [bootstrap, topic, records] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'kafkajs-leak', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });

(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'retention.ms', value: '-1' }] }] });
  await admin.disconnect();
  for (let i = 0; i < Number(records); i++) {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'record ' + i }] });
    await producer.disconnect();
  }
  console.log(`kafkajs leak: ${records} records to ${topic}, each from a new idempotent producer`);
})().catch((e) => { console.error(e); process.exit(1); });
