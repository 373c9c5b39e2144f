# Image for Spark on Kubernetes (conf/k8s.conf): Spark 3.5 with Scala 2.12 and Java 17, the three
# shaded job jars, conf/ and submit-scripts/. Executor pods run it; so can the submitting pod (a
# client-mode driver inside the cluster: submit-scripts/*.sh --env k8s).
#
#   mvn -B -DskipTests package                       # builds <module>/target/ecg-<module>-<version>-job.jar
#   docker build -t registry.example/ecg-platform:0.1.0 .
#   docker push registry.example/ecg-platform:0.1.0  # then SPARK_K8S_IMAGE=registry.example/ecg-platform:0.1.0
#
# The base image's Spark must be the version the jars were built against (spark.version in pom.xml).
# Not built or run here (no Docker engine, no cluster): see "Kubernetes" in the README.
ARG SPARK_IMAGE=apache/spark:3.5.9-scala2.12-java17-ubuntu
FROM ${SPARK_IMAGE}

USER root
# ND4J's native CPU backend links against the GNU OpenMP runtime.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*

# The layout of the source tree, so that submit-scripts/lib/common.sh finds the jars and conf/ as it
# does in a checkout (ECG_ROOT=/opt/ecg).
WORKDIR /opt/ecg
COPY etl/target/ecg-etl-*-job.jar etl/target/
COPY training/target/ecg-training-*-job.jar training/target/
COPY evaluation/target/ecg-evaluation-*-job.jar evaluation/target/
COPY conf/ conf/
COPY submit-scripts/ submit-scripts/

# JavaCPP unpacks ND4J's and OpenBLAS's native libraries into $HOME/.javacpp/cache: give the
# image's user (spark, uid 185) a writable home.
RUN mkdir -p /opt/ecg/home && chown -R 185:185 /opt/ecg/home
ENV HOME=/opt/ecg/home \
    ECG_CONF_DIR=/opt/ecg/conf \
    OMP_NUM_THREADS=1

# Back to the base image's working directory (writable: executors fetch the application's jar
# and --files there), user and entrypoint (/opt/entrypoint.sh, which Spark's Kubernetes scheduler
# uses to start executors, and drivers in cluster deploy mode).
WORKDIR /opt/spark/work-dir
USER 185
