package engram.engine;

import engram.engine.model.Weights;

import java.util.Arrays;

/**
 * MemoryLLM written the obvious way, with loops over small float arrays, straight from memoryllm-algorithm §3-§5:
 * the yardstick the DJL engine is tested against. Batch 1, fp32, slow, no cleverness.
 */
final class ReferenceMemoryLLM {

    private final ModelConfig c;
    private final Weights w;

    ReferenceMemoryLLM(ModelConfig config, Weights weights) {
        this.c = config;
        this.w = weights;
    }

    private float[] t(String name) {
        return TinyModels.floats(w.require(name));
    }

    /** y = W x (+ s B A x for the adapter when present); W [out, in]. */
    private float[] linear(String module, float[] x, String adapter) {
        float[] weight = t(module + ".weight");
        int in = x.length;
        int out = weight.length / in;
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            double sum = 0;
            for (int i = 0; i < in; i++) {
                sum += weight[o * in + i] * x[i];
            }
            y[o] = (float) sum;
        }
        String a = module + ".lora_A." + adapter + ".weight";
        if (adapter != null && w.get(a) != null) {
            float[] la = t(a);
            float[] lb = t(module + ".lora_B." + adapter + ".weight");
            int r = la.length / in;
            float[] down = new float[r];
            for (int j = 0; j < r; j++) {
                for (int i = 0; i < in; i++) {
                    down[j] += la[j * in + i] * x[i];
                }
            }
            double s = c.lora().scaling();
            for (int o = 0; o < out; o++) {
                double up = 0;
                for (int j = 0; j < r; j++) {
                    up += lb[o * r + j] * down[j];
                }
                y[o] += (float) (s * up);
            }
        }
        return y;
    }

    private float[] rmsNorm(float[] x, String weightName) {
        float[] weight = t(weightName);
        double ss = 0;
        for (float v : x) {
            ss += v * v;
        }
        double inv = 1 / Math.sqrt(ss / x.length + c.rmsNormEps());
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * inv) * weight[i];
        }
        return y;
    }

    /** The official 7b branch is the one that reads interpolate_position_ids (§3.2). */
    private boolean sevenBBranch() {
        return c.rope() == ModelConfig.RopeKind.INTERPOLATED;
    }

    /**
     * RoPE of one head vector at position p, computed from the formulas (double precision angles). The 7b branch's
     * interpolated RoPE has base 10000 whatever rope_theta says and maps max(max_pos, (NB + 1) K) onto max_pos.
     */
    private float[] rope(float[] head, int p) {
        int hd = head.length;
        int half = hd / 2;
        int interpolated = Math.max(c.maxPositionEmbeddings(), (c.numBlocks() + 1) * c.numTokens());
        double scaled = switch (c.rope()) {
            case PLAIN -> p;
            case LINEAR -> p / c.ropeFactor();
            case INTERPOLATED -> p * ((double) c.maxPositionEmbeddings() / interpolated);
        };
        double base = sevenBBranch() ? 10000.0 : c.ropeTheta();
        float[] out = new float[hd];
        for (int i = 0; i < half; i++) {
            double angle = scaled / Math.pow(base, 2.0 * i / hd);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            out[i] = (float) (head[i] * cos - head[i + half] * sin);
            out[i + half] = (float) (head[i + half] * cos + head[i] * sin);
        }
        return out;
    }

    /** One decoder layer on rows X (positions 0..S-1), the first P being prefix; returns the S-P query outputs. */
    float[][] layer(int l, float[][] x, int p, String adapter) {
        String pre = "model.layers." + l + ".";
        int s = x.length;
        int hd = c.headDim();
        int heads = c.numHeads();
        int group = c.groupSize();
        float[][][] keys = new float[s][][];
        float[][][] values = new float[s][][];
        float[][] normed = new float[s][];
        for (int j = 0; j < s; j++) {
            normed[j] = rmsNorm(x[j], pre + "input_layernorm.weight");
            float[] k = linear(pre + "self_attn.k_proj", normed[j], adapter);
            float[] v = linear(pre + "self_attn.v_proj", normed[j], adapter);
            keys[j] = new float[c.numKvHeads()][];
            values[j] = new float[c.numKvHeads()][];
            for (int g = 0; g < c.numKvHeads(); g++) {
                keys[j][g] = rope(Arrays.copyOfRange(k, g * hd, (g + 1) * hd), j);
                values[j][g] = Arrays.copyOfRange(v, g * hd, (g + 1) * hd);
            }
        }
        float[][] out = new float[s - p][];
        for (int i = p; i < s; i++) {
            float[] q = linear(pre + "self_attn.q_proj", normed[i], adapter);
            float[] attended = new float[heads * hd];
            for (int h = 0; h < heads; h++) {
                float[] qh = rope(Arrays.copyOfRange(q, h * hd, (h + 1) * hd), i);
                int kv = h / group;
                double[] score = new double[i + 1];          // keys 0..i visible (j <= P + query index)
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += qh[e] * keys[j][kv][e];
                    }
                    score[j] = dot / Math.sqrt(hd);
                    max = Math.max(max, score[j]);
                }
                double total = 0;
                for (int j = 0; j <= i; j++) {
                    score[j] = Math.exp(score[j] - max);
                    total += score[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < hd; e++) {
                        attended[h * hd + e] += (float) (score[j] / total * values[j][kv][e]);
                    }
                }
            }
            float[] o = linear(pre + "self_attn.o_proj", attended, adapter);
            float[] h1 = new float[o.length];
            for (int e = 0; e < o.length; e++) {
                h1[e] = x[i][e] + o[e];
            }
            float[] hn = rmsNorm(h1, pre + "post_attention_layernorm.weight");
            float[] gate = linear(pre + "mlp.gate_proj", hn, adapter);
            float[] up = linear(pre + "mlp.up_proj", hn, adapter);
            float[] act = new float[gate.length];
            for (int e = 0; e < gate.length; e++) {
                act[e] = (float) (gate[e] / (1 + Math.exp(-gate[e])) * up[e]);
            }
            float[] down = linear(pre + "mlp.down_proj", act, adapter);
            out[i - p] = new float[h1.length];
            for (int e = 0; e < h1.length; e++) {
                out[i - p][e] = h1[e] + down[e];
            }
        }
        return out;
    }

    private float[][] embed(int[] ids) {
        float[] table = t(Weights.EMBED);
        int d = c.hiddenSize();
        float[][] h = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            h[i] = Arrays.copyOfRange(table, ids[i] * d, (ids[i] + 1) * d);
        }
        return h;
    }

    private float[] bos(int l) {
        int d = c.hiddenSize();
        return Arrays.copyOfRange(t(Weights.BOS_EMBEDDING), l * d, (l + 1) * d);
    }

    /** §4.1: Δ [L][K][d] for context ids given the pool's last K rows per layer, memoryTail [L][K][d]. */
    float[][][] inject(int[] ids, float[][][] memoryTail) {
        int k = c.numTokens();
        int tLen = ids.length;
        float[] epos = t(Weights.NEW_MEMORY_POSITIONAL_EMB);
        float[][] h = embed(ids);
        float[][][] delta = new float[c.numLayers()][][];
        for (int l = 0; l < c.numLayers(); l++) {
            int s = 1 + k + tLen;
            float[][] x = new float[s][];
            x[0] = bos(l);
            for (int j = 0; j < k; j++) {
                x[1 + j] = memoryTail[l][j].clone();
            }
            for (int j = 0; j < tLen; j++) {
                x[1 + k + j] = h[j].clone();
            }
            for (int j = s - k; j < s; j++) {
                for (int e = 0; e < epos.length; e++) {
                    x[j][e] += epos[e];
                }
            }
            int p = 1 + Math.min(k, tLen);
            float[][] y = layer(l, x, p, "default");
            delta[l] = Arrays.copyOfRange(y, y.length - k, y.length);
            h = Arrays.copyOfRange(y, y.length - tLen, y.length);
        }
        return delta;
    }

    /**
     * §4.6: Δ [L][min(K, T)][d] of an uninitialised pool: a plain causal LM over the context (no b_l, no memory,
     * positions 0..T-1); e_pos on the last min(K, T) rows in the main branch, none in the 7b branch.
     */
    float[][][] injectUninitialised(int[] ids) {
        int m = Math.min(c.numTokens(), ids.length);
        float[] epos = t(Weights.NEW_MEMORY_POSITIONAL_EMB);
        float[][] h = embed(ids);
        float[][][] delta = new float[c.numLayers()][][];
        for (int l = 0; l < c.numLayers(); l++) {
            float[][] x = new float[h.length][];
            for (int j = 0; j < h.length; j++) {
                x[j] = h[j].clone();
                if (j >= h.length - m && !sevenBBranch()) {
                    for (int e = 0; e < epos.length; e++) {
                        x[j][e] += epos[e];
                    }
                }
            }
            h = layer(l, x, 0, "default");
            delta[l] = Arrays.copyOfRange(h, h.length - m, h.length);
        }
        return delta;
    }

    /** Last-row logits of a prompt with no memory at all: a plain causal LM from position 0 (§4.6). */
    float[] logitsWithoutMemory(int[] ids, String adapter) {
        float[][] h = embed(ids);
        for (int l = 0; l < c.numLayers(); l++) {
            h = layer(l, h, 0, adapter);
        }
        float[] last = rmsNorm(h[h.length - 1], Weights.FINAL_NORM);
        return linear(c.tieWordEmbeddings() ? "model.embed_tokens" : "lm_head", last, null);
    }

    /** §5.1: last-row logits of a prompt reading [b_l ; memory_l] (memory [L][M][d]) at every layer. */
    float[] logits(int[] ids, float[][][] memory, String adapter) {
        float[][] h = embed(ids);
        for (int l = 0; l < c.numLayers(); l++) {
            int m = memory[l].length;
            float[][] x = new float[1 + m + h.length][];
            x[0] = bos(l);
            System.arraycopy(memory[l], 0, x, 1, m);
            System.arraycopy(h, 0, x, 1 + m, h.length);
            h = layer(l, x, 1 + m, adapter);
        }
        float[] last = rmsNorm(h[h.length - 1], Weights.FINAL_NORM);
        return linear(c.tieWordEmbeddings() ? "model.embed_tokens" : "lm_head", last, null);
    }
}
