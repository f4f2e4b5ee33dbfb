package org.gmmseg.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;

import scala.Function0;
import scala.Function1;
import scala.Function2;
import scala.collection.Iterator;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * A Spark job whose results reach the caller task by task, as each ends, rather than all at the
 * end ({@code collect}): for a progress bar and a report that follow the images as they finish.
 */
final class TaskResults {
    private TaskResults() {
    }

    /**
     * Runs a job over the elements and gives each result to {@code consumer} on the calling
     * thread, partition by partition in the order the partitions end (within one partition in
     * order). Returns when every partition has ended.
     *
     * @throws org.apache.spark.SparkException (unchecked) when the job fails
     */
    static <T> void forEachAsItEnds(JavaRDD<T> elements, Consumer<T> consumer) throws InterruptedException {
        int partitions = elements.getNumPartitions();
        BlockingQueue<List<T>> ended = new LinkedBlockingQueue<>();
        Function1<Iterator<T>, ArrayList<T>> collect = (Function1<Iterator<T>, ArrayList<T>> & Serializable) it -> {
            ArrayList<T> out = new ArrayList<>();
            while (it.hasNext()) {
                out.add(it.next());
            }
            return out;
        };
        // called by Spark's scheduler thread: only hands the results over
        Function2<Object, ArrayList<T>, BoxedUnit> handler = (partition, results) -> {
            ended.add(results);
            return BoxedUnit.UNIT;
        };
        Function0<BoxedUnit> none = () -> BoxedUnit.UNIT;
        SimpleFutureAction<BoxedUnit> job = elements.context().submitJob(elements.rdd(), collect,
                CollectionConverters.asScala(IntStream.range(0, partitions).boxed().<Object>map(p -> p).toList()).toList(),
                handler, none);
        try {
            for (int received = 0; received < partitions; ) {
                List<T> results = ended.poll(100, TimeUnit.MILLISECONDS);
                if (results == null && job.isCompleted()) {
                    results = ended.poll();
                    if (results == null) {
                        Await.result(job, Duration.Inf()); // throws the job's failure
                        throw new IllegalStateException("a Spark job ended without the results of every task");
                    }
                }
                if (results != null) {
                    received++;
                    results.forEach(consumer);
                }
            }
        } catch (InterruptedException e) {
            job.cancel();
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException(e); // no timeout was set
        }
    }
}
