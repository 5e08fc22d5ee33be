package dev.trailstream.ingest;

/**
 * How reading one object ended: the content of its record on the objects topic.
 *
 * @param events    records delivered from it, including those delivered before a restart
 * @param errors    records skipped as errors, plus one when the object failed
 * @param nextIndex the index reading stopped at: the record count when read, one past the faulty record when failed
 * @param reason    why it failed or was skipped; null when read
 */
record ObjectCompletion(SourceObject object, ObjectStatus status, long events, long errors, long nextIndex,
                        String reason) {
}
