package dev.lla.core.model;

import dev.lla.core.memory.DeviceMemory;

/**
 * What a memory plan needs to know of a model before it is loaded.
 *
 * @param parameters P, the number of parameters analysed
 * @param device the memory of the device it will run on
 */
public record ModelSize(long parameters, DeviceMemory device) {}
