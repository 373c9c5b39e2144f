#!/usr/bin/env python3
"""PyTorch mirror of the platform's networks, for submit-scripts/benchmark-throughput.sh.

The same layers, sizes, batch, loss and optimiser as the DL4J network, fed the very tensors the
DL4J network is fed (exported by ThroughputRun export: <split>-wave.npy [n, C, W] float32,
<split>-rr.npy [n, R] float32, <split>-labels.npy [n] int64, one row per beat, normalised as
training does; network.json), timed for each thread count.

  beat      BeatNetwork: wave [n, C, W] -> Conv1d(F1, k1, same) ReLU -> MaxPool(p) -> Conv1d(F2, k2,
            same) ReLU -> MaxPool(p) -> LSTM(H), last step ; concat rr [n, R] -> Linear(D) ReLU ->
            Linear(K); cross-entropy with the class weights of network.json; Adam(lr); batch from
            network.json or --batch. Throughput: beats (examples) per second.

  sequence  SequenceNetwork (training.model=sequence), fed a ThroughputRun export made with
            training.model=sequence: the recorded beats, each record's beats together in time order,
            and <split>-records.npy numbering each beat's record. Part by part, what it mirrors:
    data    ChunkGeometry.trainingSpans: each record cut into sequences of `length` beats every
            `length - overlap` beats, the last one moved back to end at the record's last beat, a
            record shorter than `length` one shorter sequence (the sequences the training job and
            ThroughputRun local-trainer fit, without the job's oversampling and augmentation, as
            local-trainer). SequenceBatcher / SequenceInputs: a minibatch of chunks-per-batch
            sequences (shuffled, the last one smaller), padded with zeros at the end to the longest
            and masked (labels of padding ignored).
    conv1   SequenceNetwork.configuration "conv1": ConvolutionLayer 1 x k1, stride 1 x s,
            ConvolutionMode.Same, ReLU, on every beat of the batch ([n*T, C, W]; RnnToCnnPreProcessor).
            DL4J's Same mode outputs ceil(W/s) samples and pads (out-1)*s + k - W zeros, the smaller
            half before (ConvolutionUtils.getSameModeTopLeftPadding), so with s = 2 the padding is
            asymmetric: explicit ConstantPad1d, then Conv1d without padding.
    pool1/2 SubsamplingLayer MAX 1 x p, stride p (DL4J's default Truncate mode): MaxPool1d(p).
    conv2   ConvolutionLayer 1 x k2, stride 1, Same, ReLU.
    steps   beat encoder flat (training.sequence.beat-encoder, network.json "beat_encoder"):
            CnnToRnnPreProcessor, each beat's [F2, W'] flattened channel-major into F2*W' features.
            lstm: WindowStepsPreProcessor, each beat's [F2, W'] as W' steps of F2 features, then
            LastTimeStep(LSTM(H)) along them, as the per-beat model: its last state, H features
            (one bias, as below; no mask, every step of a window is real).
    merge   MergeVertex or SequenceMergeVertex(steps, rr): [F2*W' + R or H + R] per beat, RR last.
    embed   DenseLayer(D, ReLU) per beat, its inputs dropped with `dropout` while training (DL4J's
            dropOut(1 - dropout) on the layer's input, inverted dropout like nn.Dropout).
    lstm    Bidirectional(CONCAT, LSTM(H)) or LSTM(H) (direction), tanh, sigmoid gates, no peepholes
            (BeatNetwork.lstm; FusedLstm computes the same function). DL4J's LSTM has one bias per
            direction (4H) where nn.LSTM has two that add up (bias_ih, bias_hh): bias_hh is held at
            zero and out of training, so function, trained parameters and their count are DL4J's.
            Padded sequences are packed (pack_padded_sequence), so the backward half starts at a
            sequence's last beat, as FusedLstm does under the mask.
    out     RnnOutputLayer(K, softmax) per beat, inputs dropped with `dropout`; loss LossMCXENT
            with the class weights of network.json, as DL4J scores it: the sum over the beats of
            the minibatch of w[y] * -log p[y], divided by the number of sequences (BaseOutputLayer:
            score / minibatch size; the gradient is scaled the same way). `loss` is that score
            averaged over the epoch's minibatches weighted by their beats, as ThroughputRun
            local-trainer reports it (so for 32-beat sequences it is ~32x a per-beat loss).
    optim   Adam(learning rate, DL4J's default betas and epsilon, which are PyTorch's); L2 as
            DL4J's l2 (added to the gradient of the weights, not of the biases, before the update).
    init    WeightInit.XAVIER: Xavier-normal weights (PyTorch's fan-in/fan-out; DL4J counts the
            fans of the strided convolution and of the LSTM matrices slightly differently), zero
            biases, LSTM forget-gate bias 1 (DL4J's forgetGateBiasInit). Only the first epoch's loss
            depends on it, not the speed.
    check   Before timing, the mirror loads the DL4J graph's own parameters (<data>/dl4j-check,
            written by the export) into its layers and must reproduce DL4J's class probabilities for
            the export's check minibatch (three sequences, one padded); and its trainable parameter
            count must equal DL4J's numParams() (network.json "parameters").
    infer   Scoring as the evaluation job does (BeatModel.streamingScorer / StreamingScorer): each
            test record tiled with cores of `length - overlap` beats, each scored inside a sequence
            with context_before/context_after beats of context (SequenceDirection: bidirectional
            overlap/2 before and the rest after, causal all before), clipped at the record's ends;
            max(1, --infer-batch // length) sequences per network call (evaluation.batch-size counts
            beats), in stream order; eval mode, no gradients, softmax, the core beats' rows taken.
    count   Training: beats of the sequences fitted per second (a 32-beat sequence counts 32, as
            ThroughputRun local-trainer and TrainJob count). Inference: beats scored per second,
            each test beat once (as ScoringThroughputRun), although every beat of a sequence's
            context is computed too (length / (length - overlap) beats computed per beat scored).

Training: one warm-up pass over --warmup-batches, then one timed epoch over the train split in a
seeded shuffle (the last batch may be smaller, as in LocalTrainer). Inference: eval mode, no
gradients, softmax, over the --infer-split in batches of --infer-batch beats. Each thread count
starts from the same seeded weights.

usage: /usr/bin/python3 torch_mirror.py --data DIR --result FILE [--network beat|sequence]
       [--threads 1,2] [--batch N] [--infer-batch 512] [--infer-split test] [--max-train-beats N]
       sequence only: [--chunks-per-batch N] [--length N] [--overlap N] [--direction D]
       [--conv1-stride N] [--dropout P] [--beat-encoder flat|lstm]   (each defaults to the
       export's network.json; an export without beat_encoder is flat)
Writes key=value lines: train_<t>, loss_<t>, infer_<t> (beats/s, mean loss) per thread count t,
train_best, train_best_threads, infer_best, infer_best_threads, parameters (the mirror's trainable
parameters), dl4j_parameters (network.json's, when the export has it and describes the same
network, i.e. not for another --direction or --beat-encoder) and, for the sequence network,
check_max_abs_diff and the sequence counts.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

CHECK_DIR = "dl4j-check"         # ThroughputRun.CHECK_DIR
CHECK_TOLERANCE = 1e-5           # largest difference of a class probability accepted by the check
# DL4J's LSTM gate blocks are (g, f, o, i) (FusedLstmLayer.GATE_ORDER); PyTorch's are (i, f, g, o):
# PyTorch block k is DL4J block GATE_ORDER[k].
GATE_ORDER = (3, 1, 0, 2)


def one_bias(lstm):
    """Holds nn.LSTM's second bias (bias_hh) at zero and out of training: DL4J's LSTM has one."""
    for name, p in lstm.named_parameters():
        if name.startswith("bias_hh"):
            nn.init.zeros_(p)
            p.requires_grad_(False)


class BeatNet(nn.Module):
    """The mirror of org.ecgplatform.training.model.BeatNetwork."""

    def __init__(self, n, _args=None):
        super().__init__()
        c, f1, k1, f2, k2, p = n["leads"], n["conv1_filters"], n["conv1_kernel"], n["conv2_filters"], n["conv2_kernel"], n["pool"]
        # DL4J's ConvolutionMode.Same with stride 1 and an odd kernel pads (k - 1) / 2 on each side.
        self.conv = nn.Sequential(
            nn.Conv1d(c, f1, k1, padding=(k1 - 1) // 2), nn.ReLU(), nn.MaxPool1d(p),
            nn.Conv1d(f1, f2, k2, padding=(k2 - 1) // 2), nn.ReLU(), nn.MaxPool1d(p))
        self.lstm = nn.LSTM(f2, n["lstm_units"], batch_first=True)
        one_bias(self.lstm)
        self.head = nn.Sequential(
            nn.Linear(n["lstm_units"] + n["rr_features"], n["dense_units"]), nn.ReLU(),
            nn.Linear(n["dense_units"], n["classes"]))

    def forward(self, wave, rr):
        h = self.conv(wave).transpose(1, 2)   # [n, T, F2]
        _, (hn, _) = self.lstm(h)             # last step of the only layer
        return self.head(torch.cat([hn[-1], rr], 1))


def same_conv(c_in, c_out, kernel, stride, width):
    """DL4J's ConvolutionMode.Same: ceil(width / stride) outputs, the smaller half of the padding before."""
    out = -(-width // stride)
    total = max(0, (out - 1) * stride + kernel - width)
    before, after = total // 2, total - total // 2
    if before == after:
        return nn.Conv1d(c_in, c_out, kernel, stride=stride, padding=before), out
    return nn.Sequential(nn.ConstantPad1d((before, after), 0.0), nn.Conv1d(c_in, c_out, kernel, stride=stride)), out


def conv_of(layer):
    return layer[1] if isinstance(layer, nn.Sequential) else layer


class SequenceNet(nn.Module):
    """The mirror of org.ecgplatform.training.model.SequenceNetwork (see the module docstring)."""

    def __init__(self, n, s):
        super().__init__()
        c, w, p = n["leads"], n["window"], n["pool"]
        f1, f2, h, d = n["conv1_filters"], n["conv2_filters"], n["lstm_units"], n["dense_units"]
        self.bidirectional = s.direction == "bidirectional"
        self.conv1, w1 = same_conv(c, f1, n["conv1_kernel"], s.conv1_stride, w)   # [n*T, F1, ceil(W/s)]
        self.pool = nn.MaxPool1d(p)                                                # floor(./p), DL4J Truncate
        self.conv2, _ = same_conv(f1, f2, n["conv2_kernel"], 1, w1 // p)           # [n*T, F2, W/(sp)]
        steps = w1 // p // p                                                       # NetworkConfig.lstmTimeSteps
        # lstm: the window LSTM, its last state the beat's code [n*T, H]; flat: [n*T, F2*W']
        self.encoder = nn.LSTM(f2, h, batch_first=True) if s.beat_encoder == "lstm" else None
        self.embed_drop = nn.Dropout(s.dropout)
        self.embed = nn.Linear((h if self.encoder is not None else f2 * steps) + n["rr_features"], d)
        self.lstm = nn.LSTM(d, h, batch_first=True, bidirectional=self.bidirectional)
        self.out_drop = nn.Dropout(s.dropout)
        self.out = nn.Linear(2 * h if self.bidirectional else h, n["classes"])
        self.dl4j_init(h)

    def dl4j_init(self, h):
        for m in (conv_of(self.conv1), conv_of(self.conv2), self.embed, self.out):
            nn.init.xavier_normal_(m.weight)
            nn.init.zeros_(m.bias)
        for lstm in (self.lstm, self.encoder):
            if lstm is None:
                continue
            for name, p in lstm.named_parameters():
                if name.startswith("weight"):
                    nn.init.xavier_normal_(p)
                elif name.startswith("bias_ih"):
                    with torch.no_grad():
                        p.zero_()
                        p[h:2 * h] = 1.0   # forget gate, PyTorch's block 1
            one_bias(lstm)

    def forward(self, wave, rr, lengths=None):
        """wave [n, T, C, W], rr [n, T, R], lengths [n] (None: no padding) -> logits [n, T, K]."""
        n, t = wave.shape[0], wave.shape[1]
        x = wave.reshape(n * t, wave.shape[2], wave.shape[3])
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))                                       # [n*T, F2, W']
        if self.encoder is not None:
            _, (x, _) = self.encoder(x.transpose(1, 2))                            # last state [1, n*T, H]
        x = torch.cat([x.reshape(n, t, -1), rr], 2)
        x = F.relu(self.embed(self.embed_drop(x)))
        if lengths is None:
            x, _ = self.lstm(x)
        else:
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            x, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=t)
        return self.out(self.out_drop(x))

    def load_dl4j(self, params):
        """Copies a DL4J SequenceNetwork's parameter table (name -> array in DL4J's shapes) into this net."""
        def take(key):
            if key not in params:
                raise SystemExit("Cannot check the mirror: no DL4J parameter %s in %s (have %s)"
                                 % (key, CHECK_DIR, sorted(params)))
            return torch.from_numpy(params[key])

        def gates(m):   # columns in DL4J's gate blocks -> rows in PyTorch's
            h = m.shape[1] // 4
            return torch.cat([m[:, k * h:(k + 1) * h] for k in GATE_ORDER], 1).t()

        with torch.no_grad():
            for name, layer in (("conv1", conv_of(self.conv1)), ("conv2", conv_of(self.conv2))):
                layer.weight.copy_(take(name + "_W").reshape(layer.weight.shape))   # [F, C, 1, k]
                layer.bias.copy_(take(name + "_b").reshape(-1))
            for name, layer in (("embed", self.embed), ("out", self.out)):
                layer.weight.copy_(take(name + "_W").t())                             # [in, out]
                layer.bias.copy_(take(name + "_b").reshape(-1))
            halves = [(self.lstm, "lstm_f", ""), (self.lstm, "lstm_b", "_reverse")] if self.bidirectional \
                else [(self.lstm, "lstm_", "")]
            if self.encoder is not None:
                halves.append((self.encoder, "encoder_", ""))
            for lstm, prefix, suffix in halves:
                getattr(lstm, "weight_ih_l0" + suffix).copy_(gates(take(prefix + "W")))
                getattr(lstm, "weight_hh_l0" + suffix).copy_(gates(take(prefix + "RW")))
                getattr(lstm, "bias_ih_l0" + suffix).copy_(gates(take(prefix + "b").reshape(1, -1)).reshape(-1))
                getattr(lstm, "bias_hh_l0" + suffix).zero_()


NETWORKS = {"beat": BeatNet, "sequence": SequenceNet}


def trainable_parameters(net):
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


def adam(net, n):
    """Adam(lr); DL4J's l2 goes to the weights only (biases have one dimension)."""
    params = [p for p in net.parameters() if p.requires_grad]
    weights = [p for p in params if p.dim() > 1]
    biases = [p for p in params if p.dim() <= 1]
    return torch.optim.Adam([{"params": weights, "weight_decay": n.get("l2", 0.0)},
                             {"params": biases, "weight_decay": 0.0}], lr=n["learning_rate"])


def load(data, split):
    wave = torch.from_numpy(np.load(os.path.join(data, split + "-wave.npy")))
    rr = torch.from_numpy(np.load(os.path.join(data, split + "-rr.npy")))
    labels = torch.from_numpy(np.load(os.path.join(data, split + "-labels.npy")))
    return wave, rr, labels


# --- beat ------------------------------------------------------------------------------------

def train_rate(net_cls, n, wave, rr, labels, batch, warmup_batches):
    torch.manual_seed(42)
    net = net_cls(n)
    opt = adam(net, n)
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(n["class_weights"], dtype=torch.float32))
    count = wave.shape[0]
    for i in range(min(warmup_batches, max(1, count // batch))):
        s = slice(i * batch, (i + 1) * batch)
        opt.zero_grad()
        loss_fn(net(wave[s], rr[s]), labels[s]).backward()
        opt.step()
    order = torch.randperm(count, generator=torch.Generator().manual_seed(7))
    loss_sum = 0.0
    start = time.perf_counter()
    for i in range(0, count, batch):
        idx = order[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(net(wave[idx], rr[idx]), labels[idx])
        loss.backward()
        opt.step()
        loss_sum += loss.item() * len(idx)
    seconds = time.perf_counter() - start
    return count / seconds, loss_sum / count, net


def infer_rate(net, wave, rr, batch):
    net.eval()
    with torch.no_grad():
        for i in range(0, min(wave.shape[0], 2 * batch), batch):   # warm-up
            torch.softmax(net(wave[i:i + batch], rr[i:i + batch]), 1)
        start = time.perf_counter()
        for i in range(0, wave.shape[0], batch):
            torch.softmax(net(wave[i:i + batch], rr[i:i + batch]), 1)
        seconds = time.perf_counter() - start
    return wave.shape[0] / seconds


# --- sequence --------------------------------------------------------------------------------

def record_bounds(records):
    """[start, end) rows of each record in a split whose records are numbered 0, 1, ... in order."""
    cuts = (np.flatnonzero(np.diff(records)) + 1).tolist()
    return list(zip([0] + cuts, cuts + [len(records)]))


def training_spans(records, length, overlap):
    """ChunkGeometry.trainingSpans of every record, as [start, end) rows of the split: [m, 2]."""
    stride = length - overlap
    spans = []
    for first, last in record_bounds(records):
        beats = last - first
        if beats <= length:
            spans.append((first, last))
            continue
        start = 0
        while start + length < beats:
            spans.append((first + start, first + start + length))
            start += stride
        spans.append((last - length, last))
    return torch.tensor(spans, dtype=torch.long).reshape(-1, 2)


def context(direction, overlap):
    """SequenceDirection.leftContext / rightContext: beats of context before and after a core."""
    before = overlap if direction == "causal" else overlap // 2
    return before, overlap - before


def scoring_spans(records, length, overlap, direction):
    """StreamingScorer's sequences: per core of `length - overlap` beats on the record's grid,
    [from, to) with context (ChunkGeometry.scoringSpan) and the core [start, end), rows of the split: [m, 4]."""
    stride = length - overlap
    before, after = context(direction, overlap)
    spans = []
    for first, last in record_bounds(records):
        beats = last - first
        for core in range(0, beats, stride):
            core_end = min(beats, core + stride)
            spans.append((first + max(0, core - before), first + min(beats, core_end + after), first + core, first + core_end))
    return torch.tensor(spans, dtype=torch.long).reshape(-1, 4)


def gather(wave, rr, labels, spans):
    """SequenceInputs.of / SequenceBatcher: sequences [start, end) padded with zeros at the end to the
    longest; returns wave [n, T, C, W], rr [n, T, R], labels [n, T] (-100 = padding, ignored),
    lengths (None when no sequence is padded) and the beat mask [n, T]."""
    lengths = spans[:, 1] - spans[:, 0]
    t = int(lengths.max())
    steps = torch.arange(t)
    mask = steps[None, :] < lengths[:, None]
    idx = torch.where(mask, spans[:, :1] + steps[None, :], spans[:, :1])
    w, r, y = wave[idx], rr[idx], labels[idx]
    if bool(mask.all()):
        return w, r, y, None, mask
    w = w * mask[:, :, None, None]
    r = r * mask[:, :, None]
    y = torch.where(mask, y, torch.full_like(y, -100))
    return w, r, y, lengths, mask


def dl4j_score(net, w, r, y, lengths, class_weights):
    """LossMCXENT as DL4J scores it: sum over the beats of w[y] * -log p[y], / number of sequences."""
    logits = net(w, r, lengths)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), weight=class_weights,
                           reduction="sum", ignore_index=-100) / y.shape[0]


def train_sequence_rate(n, s, wave, rr, labels, spans, warmup_batches):
    torch.manual_seed(42)
    net = SequenceNet(n, s)
    opt = adam(net, n)
    class_weights = torch.tensor(n["class_weights"], dtype=torch.float32)
    batch = s.chunks_per_batch

    def step(batch_spans):
        w, r, y, lengths, mask = gather(wave, rr, labels, batch_spans)
        opt.zero_grad()
        loss = dl4j_score(net, w, r, y, lengths, class_weights)
        loss.backward()
        opt.step()
        return loss.item(), int(mask.sum())

    count = spans.shape[0]
    for i in range(min(warmup_batches, max(1, count // batch))):
        step(spans[i * batch:(i + 1) * batch])
    order = torch.randperm(count, generator=torch.Generator().manual_seed(7))
    loss_sum, beats = 0.0, 0
    start = time.perf_counter()
    for i in range(0, count, batch):
        loss, mb_beats = step(spans[order[i:i + batch]])
        loss_sum += loss * mb_beats
        beats += mb_beats
    seconds = time.perf_counter() - start
    return beats / seconds, loss_sum / beats, net


def infer_sequence_rate(net, wave, rr, spans, per_call):
    net.eval()
    dummy = torch.zeros(wave.shape[0], dtype=torch.long)

    def score(call):
        w, r, _, lengths, _ = gather(wave, rr, dummy, call[:, :2])
        probs = torch.softmax(net(w, r, lengths), 2)
        offset = call[:, 2:3] - call[:, :1]
        steps = torch.arange(probs.shape[1])[None, :]
        core = (steps >= offset) & (steps < offset + (call[:, 3:4] - call[:, 2:3]))
        return probs[core]   # the core beats' rows, in stream order

    with torch.no_grad():
        for i in range(0, min(spans.shape[0], 2 * per_call), per_call):   # warm-up
            score(spans[i:i + per_call])
        scored = 0
        start = time.perf_counter()
        for i in range(0, spans.shape[0], per_call):
            scored += score(spans[i:i + per_call]).shape[0]
        seconds = time.perf_counter() - start
    if scored != wave.shape[0]:
        raise SystemExit("Cannot score: %d beats scored of %d (the scoring spans are wrong)" % (scored, wave.shape[0]))
    return scored / seconds


def check_against_dl4j(n, s, data, wave, rr, labels):
    """Largest difference between DL4J's class probabilities for the check minibatch and the mirror's
    with DL4J's parameters loaded."""
    d = os.path.join(data, CHECK_DIR)
    params = {f[:-4]: np.load(os.path.join(d, f)) for f in os.listdir(d)
              if f.endswith(".npy") and f not in ("probabilities.npy", "spans.npy")}
    spans = torch.from_numpy(np.load(os.path.join(d, "spans.npy"))).reshape(-1, 2)
    expected = torch.from_numpy(np.load(os.path.join(d, "probabilities.npy"))).transpose(1, 2)   # [n, T, K]
    torch.manual_seed(42)
    net = SequenceNet(n, s)
    net.load_dl4j(params)
    net.eval()
    w, r, _, lengths, mask = gather(wave, rr, labels, spans)
    with torch.no_grad():
        got = torch.softmax(net(w, r, lengths), 2)
    if got.shape != expected.shape:
        raise SystemExit("Cannot check the mirror: probabilities %s, DL4J's %s" % (tuple(got.shape), tuple(expected.shape)))
    return float((got - expected).abs()[mask].max())


def sequence_settings(a, n):
    """The sequence settings: the command line's, else the export's (network.json)."""
    s = argparse.Namespace(
        chunks_per_batch=a.chunks_per_batch or n["chunks_per_batch"], length=a.length or n["sequence_length"],
        overlap=n["sequence_overlap"] if a.overlap is None else a.overlap, direction=(a.direction or n["direction"]).lower(),
        conv1_stride=a.conv1_stride or n["conv1_stride"], dropout=n["dropout"] if a.dropout is None else a.dropout,
        beat_encoder=(a.beat_encoder or n.get("beat_encoder", "flat")).lower())
    if s.direction not in ("bidirectional", "causal"):
        raise SystemExit("Cannot mirror: --direction must be bidirectional or causal, got '%s'" % s.direction)
    if s.beat_encoder not in ("flat", "lstm"):
        raise SystemExit("Cannot mirror: --beat-encoder must be flat or lstm, got '%s'" % s.beat_encoder)
    if not 0 <= s.overlap < s.length:
        raise SystemExit("Cannot mirror: --overlap must be in [0, length) = [0, %d), got %d" % (s.length, s.overlap))
    return s


def run_sequence(a, n, out):
    for split in ("train", a.infer_split):
        if not os.path.exists(os.path.join(a.data, split + "-records.npy")):
            raise SystemExit("Cannot mirror the sequence network: %s has no %s-records.npy (export it with "
                             "training.model=sequence: ThroughputRun export ... training.model=sequence)" % (a.data, split))
    s = sequence_settings(a, n)
    wave, rr, labels = load(a.data, "train")
    records = np.load(os.path.join(a.data, "train-records.npy"))
    same_net = s.direction == n["direction"] and s.conv1_stride == n["conv1_stride"] \
        and s.beat_encoder == n.get("beat_encoder", "flat")
    if same_net and os.path.isdir(os.path.join(a.data, CHECK_DIR)):
        diff = check_against_dl4j(n, s, a.data, wave, rr, labels)
        print("check: DL4J's parameters in the mirror reproduce DL4J's probabilities within %.2e" % diff, flush=True)
        if not diff <= CHECK_TOLERANCE:
            raise SystemExit("Cannot mirror: with DL4J's parameters the mirror's probabilities differ from DL4J's by "
                             "%.3g (> %g): the layers differ" % (diff, CHECK_TOLERANCE))
        out["check_max_abs_diff"] = diff
    else:
        print("check: skipped (direction, conv1 stride or beat encoder differ from the export's, or no %s)" % CHECK_DIR,
              flush=True)
    if a.max_train_beats:
        cut = slice(0, a.max_train_beats)
        wave, rr, labels, records = wave[cut], rr[cut], labels[cut], records[cut]
    spans = training_spans(records, s.length, s.overlap)
    iwave, irr, _ = load(a.data, a.infer_split)
    irecords = np.load(os.path.join(a.data, a.infer_split + "-records.npy"))
    ispans = scoring_spans(irecords, s.length, s.overlap, s.direction)
    per_call = max(1, a.infer_batch // s.length)   # BeatModel.streamingScorer: beats per call / length
    out["train_sequences"], out["train_sequence_beats"] = spans.shape[0], int((spans[:, 1] - spans[:, 0]).sum())
    out["infer_sequences"], out["infer_beats"] = ispans.shape[0], iwave.shape[0]
    print("sequences: train %d (%d beats of %d), %s %d for %d beats; length %d, overlap %d, %s, beat encoder %s, "
          "%d per minibatch, %d per scoring call" % (spans.shape[0], out["train_sequence_beats"], wave.shape[0],
                                                     a.infer_split, ispans.shape[0], iwave.shape[0], s.length,
                                                     s.overlap, s.direction, s.beat_encoder, s.chunks_per_batch,
                                                     per_call), flush=True)

    def per_thread(t):
        train, loss, net = train_sequence_rate(n, s, wave, rr, labels, spans, a.warmup_batches)
        infer = infer_sequence_rate(net, iwave, irr, ispans, per_call)
        print("torch %s threads=%d chunks-per-batch=%d length=%d: train %.0f beats/s (loss %.4f), infer %.0f beats/s "
              "(%d sequences per call)" % (torch.__version__, t, s.chunks_per_batch, s.length, train, loss, infer,
                                           per_call), flush=True)
        return train, loss, infer
    return lambda: SequenceNet(n, s), per_thread


def run_beat(a, n, out):
    batch = a.batch or n["batch"]
    wave, rr, labels = load(a.data, "train")
    if a.max_train_beats:
        wave, rr, labels = wave[:a.max_train_beats], rr[:a.max_train_beats], labels[:a.max_train_beats]
    iwave, irr, _ = load(a.data, a.infer_split)

    def per_thread(t):
        train, loss, net = train_rate(BeatNet, n, wave, rr, labels, batch, a.warmup_batches)
        infer = infer_rate(net, iwave, irr, a.infer_batch)
        print("torch %s threads=%d batch=%d: train %.0f examples/s (loss %.4f), infer %.0f examples/s (batch %d)"
              % (torch.__version__, t, batch, train, loss, infer, a.infer_batch), flush=True)
        return train, loss, infer
    return lambda: BeatNet(n), per_thread


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--result", required=True)
    ap.add_argument("--network", default="beat", choices=sorted(NETWORKS))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batch", type=int, default=0, help="beat: training batch in beats (default: network.json's)")
    ap.add_argument("--infer-batch", type=int, default=512,
                    help="beats per inference call (sequence: max(1, this // length) sequences, as evaluation.batch-size)")
    ap.add_argument("--infer-split", default="test")
    ap.add_argument("--max-train-beats", type=int, default=0,
                    help="train on the first N beats only (sequence: the record at the cut ends there)")
    ap.add_argument("--warmup-batches", type=int, default=5)
    ap.add_argument("--chunks-per-batch", type=int, default=0, help="sequence: sequences per minibatch")
    ap.add_argument("--length", type=int, default=0, help="sequence: beats per sequence")
    ap.add_argument("--overlap", type=int, default=None, help="sequence: beats shared by consecutive sequences")
    ap.add_argument("--direction", default=None, help="sequence: bidirectional or causal")
    ap.add_argument("--conv1-stride", type=int, default=0, help="sequence: stride of the first convolution")
    ap.add_argument("--dropout", type=float, default=None, help="sequence: dropout of the embedding's and output's inputs")
    ap.add_argument("--beat-encoder", default=None, help="sequence: flat or lstm (an LSTM along each beat's window)")
    a = ap.parse_args()
    with open(os.path.join(a.data, "network.json")) as f:
        n = json.load(f)
    exported = n.get("model", "beat")
    if exported != a.network:
        raise SystemExit("Cannot mirror the %s network on %s: it is an export of training.model=%s"
                         % (a.network, a.data, exported))
    out = {}
    build, per_thread = (run_sequence if a.network == "sequence" else run_beat)(a, n, out)
    params = trainable_parameters(build())
    dl4j = n.get("parameters")
    s = sequence_settings(a, n) if a.network == "sequence" else None
    if s is not None and (s.direction, s.beat_encoder) != (n["direction"], n.get("beat_encoder", "flat")):
        print("parameters: PyTorch %d (%s, beat encoder %s); not compared with DL4J's %s for the export's %s network "
              "with beat encoder %s" % (params, s.direction, s.beat_encoder, dl4j, n["direction"],
                                        n.get("beat_encoder", "flat")), flush=True)
        dl4j = None
    else:
        print("parameters: PyTorch %d, DL4J %s" % (params, "unknown (older export)" if dl4j is None else dl4j), flush=True)
    out["parameters"], out["dl4j_parameters"] = params, "" if dl4j is None else dl4j
    if dl4j is not None and params != dl4j:
        raise SystemExit("Cannot mirror: the PyTorch network has %d trainable parameters, DL4J's %d" % (params, dl4j))
    for t in [int(x) for x in a.threads.split(",")]:
        torch.set_num_threads(t)
        out["train_%d" % t], out["loss_%d" % t], out["infer_%d" % t] = per_thread(t)
    for kind in ("train", "infer"):
        best = max((k for k in out if k.startswith(kind + "_") and k.split("_")[1].isdigit()), key=lambda k: out[k])
        out[kind + "_best"], out[kind + "_best_threads"] = out[best], int(best.split("_")[1])
    out["torch_version"] = torch.__version__
    with open(a.result, "w") as f:
        for k, v in out.items():
            f.write("%s=%s\n" % (k, v))


if __name__ == "__main__":
    sys.exit(main())
