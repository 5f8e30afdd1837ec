using Verge.Learning.Engine;

namespace Verge.Learning.Training;

/// <summary>
/// What the one training loop minimises: the scalar loss of one mini-batch, forward pass included (cross-entropy,
/// BranchyNet's joint exits, distillation against a teacher; a proximal term adds itself here).
/// </summary>
public delegate Tensor TrainingLoss(Tensor images, int[] labels);
